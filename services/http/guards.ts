import { type RestApiName, UnexpectedResponseError } from "./errors.js";

/** Which call a body came from, for error messages. */
export interface CallSite {
  api: RestApiName;
  method: string;
  path: string;
}

/**
 * The body as a string (ids come back as bare JSON strings), or an UnexpectedResponseError.
 *
 * @example
 * const id = asString(res.body, { api: "market", method: "POST", path: "/demands" });
 */
export function asString(body: unknown, site: CallSite): string {
  if (typeof body === "string" && body.length > 0) return body;
  throw new UnexpectedResponseError(site.api, site.method, site.path, "a JSON string", body);
}

/**
 * The body as an array, its items checked to be objects; the element type is the spec's
 * (the daemon is trusted on field details, checked by the schema tests).
 *
 * @example
 * const events = asArray<RequestorEvent>(res.body, site);
 */
export function asArray<T>(body: unknown, site: CallSite): T[] {
  if (Array.isArray(body) && body.every((item) => item !== null && typeof item === "object"))
    return body as T[];
  throw new UnexpectedResponseError(site.api, site.method, site.path, "a JSON array of objects", body);
}

/**
 * The body as an object that has every key in `required`.
 *
 * @example
 * const agreement = asObject<AgreementData>(res.body, site, ["agreementId", "state"]);
 */
export function asObject<T>(body: unknown, site: CallSite, required: readonly string[] = []): T {
  if (body !== null && typeof body === "object" && !Array.isArray(body) && required.every((k) => k in body)) {
    return body as T;
  }
  const what = required.length > 0 ? `a JSON object with ${required.join(", ")}` : "a JSON object";
  throw new UnexpectedResponseError(site.api, site.method, site.path, what, body);
}
