import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/**
 * An error answer in the daemon's shape: `{"message": ...}` JSON (the message may be
 * null, as payment 404s are), plain text (actix's 401s), or RFC 7807 problem+json
 * (allocation validation). Handlers throw it; the server writes it.
 *
 * @example
 * throw new HttpError(404, `Demand [${id}] not found.`);
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string | null,
    readonly kind: "json" | "text" | "problem" = "json",
    readonly problem?: Record<string, unknown>,
  ) {
    super(body ?? `HTTP ${status}`);
  }

  /** An RFC 7807 body, as the payment API gives for allocation errors. */
  static problem(status: number, fields: Record<string, unknown>): HttpError {
    return new HttpError(status, String(fields.detail ?? ""), "problem", fields);
  }
}

/** What a handler answers: JSON (`null` included) or nothing. */
export interface Reply {
  status: number;
  /** Serialised as JSON unless `undefined`, which sends an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A parsed request, as every route handler sees it.
 */
export interface DevnetRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` when the request had none. */
  body: unknown;
  /** Aborted when the client goes away, so long polls stop waiting. */
  signal: AbortSignal;
}

/** A route: a method, a path with `:params`, and its handler. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** False for the endpoints the daemon leaves open (`/version/get`, the image registry). */
  auth?: boolean;
  handler?: (req: DevnetRequest) => Reply | Promise<Reply>;
  /** For streaming answers (SSE): the handler owns the response. */
  stream?: (req: DevnetRequest, res: ServerResponse) => void | Promise<void>;
}

/** `{status, body}` in one call. @example return json(200, agreement); */
export function json(status: number, body: unknown): Reply {
  return { status, body };
}

/** An answer with no body (204, or 200 where the daemon sends none). */
export function empty(status = 204): Reply {
  return { status };
}

/**
 * Reads `timeout` (float seconds) as milliseconds, with the daemon's default.
 *
 * @example
 * const ms = timeoutMs(req.query, 5); // ?timeout=2.5 -> 2500
 */
export function timeoutMs(query: URLSearchParams, defaultSec: number, maxSec = 3600): number {
  const raw = query.get("timeout");
  if (raw === null || raw === "") return defaultSec * 1000;
  const sec = Number(raw);
  if (!Number.isFinite(sec) || sec < 0)
    throw new HttpError(400, `Invalid timeout '${raw}', should be a non-negative number of seconds.`);
  return Math.min(sec, maxSec) * 1000;
}

/**
 * Reads an integer query parameter such as `maxEvents`, refusing values out of range
 * with the market API's message.
 */
export function intParam(
  query: URLSearchParams,
  name: string,
  opts: { default?: number; min?: number; max?: number },
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return opts.default;
  const n = Number(raw);
  const min = opts.min ?? Number.NEGATIVE_INFINITY;
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = opts.max !== undefined ? `, should be between ${min} and ${max}.` : ".";
    throw new HttpError(400, `Invalid ${name} '${raw}'${range}`);
  }
  return n;
}

/** Writes a reply the way actix does: JSON with `application/json`, or no body. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    headers["content-length"] = "0";
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["content-type"] ??= "application/json";
  headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

/** Writes an HttpError in its own shape. */
export function writeError(res: ServerResponse, err: HttpError): void {
  if (err.kind === "text") {
    const text = err.body ?? "";
    res.writeHead(err.status, {
      "content-type": "text/plain; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
    return;
  }
  if (err.kind === "problem") {
    const text = JSON.stringify(err.problem ?? {});
    res.writeHead(err.status, {
      "content-type": "application/problem+json",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
    return;
  }
  writeReply(res, { status: err.status, body: { message: err.body } });
}
