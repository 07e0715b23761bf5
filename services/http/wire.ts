import type { IncomingHttpHeaders } from "node:http";

export type QueryValue = string | number | boolean | undefined | null;

/**
 * A query string from parameters, leaving out undefined and null values.
 *
 * @example
 * queryString({ timeout: 2.5, appSessionId: undefined }); // "?timeout=2.5"
 */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.append(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The first value of a header.
 *
 * @example
 * headerValue(["a", "b"]); // "a"
 */
export function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A response body: JSON for `application/json` and `+json` types (problem+json included),
 * text otherwise, undefined when empty. Malformed JSON is kept as text.
 *
 * @example
 * parseBody({ "content-type": "application/json" }, "null"); // null
 */
export function parseBody(headers: IncomingHttpHeaders, text: string): unknown {
  if (text.length === 0) return undefined;
  const type = headerValue(headers["content-type"]) ?? "";
  if (/[/+]json\b/i.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The daemon's error text: `message` (null when the daemon sent `{"message": null}`), an
 * RFC 7807 `detail`, or a plain-text body.
 *
 * @example
 * daemonMessageOf({ message: "Demand [x] not found." }); // "Demand [x] not found."
 * daemonMessageOf("Invalid application key");           // "Invalid application key"
 */
export function daemonMessageOf(body: unknown): string | null {
  if (typeof body === "string") return body.trim() || null;
  if (body !== null && typeof body === "object") {
    const { message, detail, title } = body as { message?: unknown; detail?: unknown; title?: unknown };
    if (typeof message === "string") return message;
    if (typeof detail === "string") return detail;
    if (typeof title === "string") return title;
  }
  return null;
}

/**
 * The system or undici error code of a failure, looking through `cause` chains.
 *
 * @example
 * errorCode(Object.assign(new Error("reset"), { code: "ECONNRESET" })); // "ECONNRESET"
 */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
