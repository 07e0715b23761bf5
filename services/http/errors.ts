/**
 * Errors of the REST layer. Every one names the method and path of the call (never the
 * query string's secrets nor the app key, which travels only in the Authorization header).
 */

/** Which API a call belonged to; also the suffix of its logger name (`yatsapi.rest.<api>`). */
export type RestApiName = "market" | "activity" | "payment" | "identity" | "images";

/**
 * The daemon answered with a non-2xx status.
 *
 * `message` is the daemon's own text: `{"message": ...}` for JSON errors, the `detail` of an
 * RFC 7807 problem, or the plain-text body (actix's 401s). `body` keeps the parsed body.
 *
 * @example
 * try { await market.subscription("nope").delete(); }
 * catch (e) { if (e instanceof ApiError && e.status === 404) console.log(e.daemonMessage); }
 */
export class ApiError extends Error {
  override readonly name: string = "ApiError";

  constructor(
    readonly api: RestApiName,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The daemon's message, or null when its body carried none (payment 404s send `{"message":null}`). */
    readonly daemonMessage: string | null,
    /** The parsed response body: JSON value, text, or undefined when empty. */
    readonly body: unknown,
  ) {
    super(`${method} ${path} failed with ${status}${daemonMessage ? `: ${daemonMessage}` : ""}`);
  }

  /** True for the GSB routing failure yagna reports as a 500 when an exe-unit is briefly unreachable. */
  get isGsbEndpointNotFound(): boolean {
    return this.status === 500 && /endpoint address not found/i.test(this.daemonMessage ?? "");
  }
}

/**
 * A 401: the app key is missing or unknown to the daemon.
 *
 * @example
 * new AuthenticationError("identity", "GET", "/me", "Invalid application key").message;
 * // "GET /me failed with 401: Invalid application key (check the app key: YAGNA_APPKEY)"
 */
export class AuthenticationError extends ApiError {
  override readonly name: string = "AuthenticationError";

  constructor(api: RestApiName, method: string, path: string, daemonMessage: string | null) {
    super(api, method, path, 401, daemonMessage, daemonMessage ?? undefined);
    this.message += " (check the app key: YAGNA_APPKEY)";
  }
}

/**
 * The request could not be completed: connection refused or reset, or the socket failed.
 * `code` is the system or undici error code (`ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`...).
 *
 * @example
 * if (err instanceof TransportError && err.code === "ECONNREFUSED") console.log("is yagna running?");
 */
export class TransportError extends Error {
  override readonly name: string = "TransportError";

  constructor(
    readonly api: RestApiName,
    readonly method: string,
    readonly path: string,
    readonly code: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${path} failed: ${code}: ${detail}`, options);
  }

  /** True when an established connection broke, which is worth one more try. */
  get isConnectionReset(): boolean {
    return ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"].includes(this.code);
  }
}

/**
 * The daemon did not answer within the request's time limit (client side).
 *
 * @example
 * if (err instanceof RequestTimeoutError) console.log(`gave up after ${err.timeoutMs} ms`);
 */
export class RequestTimeoutError extends Error {
  override readonly name: string = "RequestTimeoutError";

  constructor(
    readonly api: RestApiName,
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${path} got no answer within ${timeoutMs} ms`);
  }
}

/**
 * The daemon answered 2xx with a body the SDK cannot use (e.g. a number where an id was due).
 *
 * @example
 * throw new UnexpectedResponseError("market", "POST", "/demands", "a JSON string id", 42);
 */
export class UnexpectedResponseError extends Error {
  override readonly name: string = "UnexpectedResponseError";

  constructor(
    readonly api: RestApiName,
    readonly method: string,
    readonly path: string,
    expected: string,
    readonly body: unknown,
  ) {
    super(`${method} ${path}: expected ${expected}, got ${preview(body)}`);
  }
}

function preview(body: unknown): string {
  const text = typeof body === "string" ? JSON.stringify(body) : (JSON.stringify(body) ?? String(body));
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * True when `err` is an abort (a DOMException AbortError or undici's abort code).
 *
 * @example
 * isAbortError(new DOMException("stop", "AbortError")); // true
 */
export function isAbortError(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === "AbortError" || (err as { code?: unknown }).code === "ABORT_ERR")
  );
}
