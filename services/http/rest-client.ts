import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import {
  ApiError,
  AuthenticationError,
  isAbortError,
  RequestTimeoutError,
  type RestApiName,
  TransportError,
} from "./errors.js";
import type { CallSite } from "./guards.js";
import type { HttpCoreSettings } from "./http-core.js";
import { isRestDebugEnabled, restLogger } from "./logging.js";
import { DEFAULT_RETRY_CASES, type RetryCase, withRetries } from "./retry.js";
import { linkedController } from "./signals.js";
import { daemonMessageOf, errorCode, headerValue, parseBody, type QueryValue, queryString } from "./wire.js";

export type { QueryValue } from "./wire.js";

/** One call of a REST API, relative to the client's base URL. */
export interface RestRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path below the API prefix, with parameters already encoded (see `pathOf`). */
  path: string;
  /** Undefined and null values are left out. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON; `null` sends the JSON literal, `undefined` sends no body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Client time limit, ms (default: the core's `requestTimeoutMs`). */
  timeoutMs?: number;
  /** For long polls: how long the daemon may wait, ms; the limit becomes this plus the margin. */
  longPollMs?: number;
  signal?: AbortSignal;
  /** Intermittent cases to retry (default: 408/504 and connection resets). */
  retry?: readonly RetryCase[];
}

/** A 2xx answer; `body` is parsed JSON, text for non-JSON answers, undefined when empty. */
export interface RestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An open event stream: iterate `body`, then `close()` it (closing twice is harmless). */
export interface RestStream {
  status: number;
  body: AsyncIterable<Uint8Array>;
  close(): void;
}

/**
 * Builds a path from a template and raw values, percent-encoding each value.
 *
 * @example
 * pathOf`/demands/${subscriptionId}/events`; // "/demands/ab%2Fc/events" for "ab/c"
 */
export function pathOf(parts: TemplateStringsArray, ...values: string[]): string {
  return parts.reduce(
    (out, part, i) => out + part + (i < values.length ? encodeURIComponent(values[i]!) : ""),
    "",
  );
}

/**
 * Sends the requests of one API (market, activity, payment...) through the shared core:
 * JSON in and out, Bearer auth, time limits, typed errors, retries and debug logging.
 *
 * @example
 * const res = await client.request({ method: "GET", path: "/demands" });
 */
export class RestClient {
  private readonly origin: string;
  private readonly prefix: string;

  constructor(
    private readonly settings: HttpCoreSettings,
    readonly api: RestApiName,
    readonly baseUrl: string,
    private readonly auth: boolean,
  ) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
  }

  /**
   * Where a request goes (API, method, full path), for error messages about its answer.
   *
   * @example
   * asString(res.body, client.site(req));
   */
  site(req: Pick<RestRequest, "method" | "path">): CallSite {
    return { api: this.api, method: req.method, path: this.prefix + req.path };
  }

  /**
   * Sends a request, retrying the intermittent cases it allows; resolves on any 2xx (the
   * daemon answers 200 where the spec says 201 or 204) and throws `ApiError` otherwise.
   *
   * @example
   * const { body } = await client.request({ method: "POST", path: "/demands", body: demand });
   */
  request(req: RestRequest): Promise<RestResponse> {
    return withRetries(() => this.once(req), req.retry ?? DEFAULT_RETRY_CASES, this.settings.retry, {
      signal: req.signal,
      onRetry: (err, n, waitMs) => {
        if (isRestDebugEnabled(this.api)) {
          restLogger(this.api).debug(`${req.method} ${this.prefix}${req.path} retry ${n} in ${waitMs} ms`, {
            error: err instanceof Error ? err.message : String(err),
          });
        }
      },
    });
  }

  /**
   * Opens a Server-Sent Events stream (`Accept: text/event-stream`), retrying the opening
   * like `request` does. Only the answer's head is time-limited; the body lasts until
   * `close()` or the request's signal aborts.
   *
   * @example
   * const s = await client.stream({ method: "GET", path: `/activity/${id}/exec/${batch}` });
   * for await (const chunk of s.body) process(chunk);
   */
  async stream(req: RestRequest): Promise<RestStream> {
    const { controller, unlink } = linkedController(req.signal);
    const signal = controller.signal;
    const streamReq = { ...req, signal, headers: { accept: "text/event-stream", ...req.headers } };
    let res: Awaited<ReturnType<RestClient["send"]>>;
    try {
      res = await withRetries(
        () => this.send(streamReq, true),
        req.retry ?? DEFAULT_RETRY_CASES,
        this.settings.retry,
        {
          signal,
        },
      );
    } catch (err) {
      unlink();
      throw err;
    }
    return {
      status: res.status,
      body: res.raw,
      close: () => {
        controller.abort();
        unlink();
      },
    };
  }

  private async once(req: RestRequest): Promise<RestResponse> {
    const res = await this.send(req, false);
    return { status: res.status, headers: res.headers, body: res.body };
  }

  private async send(
    req: RestRequest,
    streaming: boolean,
  ): Promise<{
    status: number;
    headers: IncomingHttpHeaders;
    body: unknown;
    raw: AsyncIterable<Uint8Array>;
  }> {
    const path = this.prefix + req.path;
    const url = this.origin + path + queryString(req.query);
    const limitMs =
      req.longPollMs !== undefined
        ? req.longPollMs + this.settings.longPollMarginMs
        : (req.timeoutMs ?? this.settings.requestTimeoutMs);
    // A stream's body outlives this call, so its link to the caller's signal stays (the
    // caller is the stream's own short-lived controller); other calls untie it at the end.
    const { controller, unlink } = linkedController(req.signal);
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    const signal = controller.signal;
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    if (this.auth) headers.authorization = `Bearer ${this.settings.appKey}`;
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = JSON.stringify(req.body);
      headers["content-type"] = "application/json";
    }
    const started = performance.now();
    let res: Dispatcher.ResponseData;
    try {
      res = await this.settings.dispatcher.request({
        origin: this.origin,
        path: path + queryString(req.query),
        method: req.method,
        headers,
        body: payload,
        signal,
        headersTimeout: limitMs + 1000,
        bodyTimeout: streaming ? 0 : limitMs + 1000,
      });
      if (streaming && res.statusCode >= 200 && res.statusCode < 300) {
        clearTimeout(timeout);
        this.report(req, url, res.statusCode, res.headers, undefined, true, started, payload);
        return { status: res.statusCode, headers: res.headers, body: undefined, raw: res.body };
      }
      const body = parseBody(res.headers, await res.body.text());
      clearTimeout(timeout);
      this.report(req, url, res.statusCode, res.headers, body, false, started, payload);
      if (res.statusCode < 200 || res.statusCode >= 300)
        throw this.apiError(req.method, path, res.statusCode, body);
      return { status: res.statusCode, headers: res.headers, body, raw: emptyBody() };
    } catch (err) {
      clearTimeout(timeout);
      if (err instanceof ApiError) throw err;
      if (timedOut && !req.signal?.aborted)
        throw new RequestTimeoutError(this.api, req.method, path, limitMs);
      if (req.signal?.aborted || isAbortError(err)) throw req.signal?.reason ?? err;
      throw this.transportError(req.method, path, err);
    } finally {
      if (!streaming) unlink();
    }
  }

  private report(
    req: RestRequest,
    url: string,
    status: number,
    headers: IncomingHttpHeaders,
    body: unknown,
    stream: boolean,
    started: number,
    payload: string | undefined,
  ): void {
    const durationMs = performance.now() - started;
    if (isRestDebugEnabled(this.api)) {
      restLogger(this.api).debug(
        `${req.method} ${new URL(url).pathname} ${status} ${durationMs.toFixed(1)}ms`,
        {
          method: req.method,
          path: new URL(url).pathname,
          status,
          durationMs: Math.round(durationMs * 10) / 10,
        },
      );
    }
    this.settings.onExchange?.({
      api: this.api,
      method: req.method,
      url,
      requestBody: payload === undefined ? undefined : JSON.parse(payload),
      status,
      contentType: headerValue(headers["content-type"]),
      responseBody: body,
      stream,
      durationMs,
    });
  }

  private apiError(method: string, path: string, status: number, body: unknown): ApiError {
    const message = this.redact(daemonMessageOf(body));
    if (status === 401) return new AuthenticationError(this.api, method, path, message);
    return new ApiError(this.api, method, path, status, message, body);
  }

  private transportError(method: string, path: string, err: unknown): TransportError {
    const code = errorCode(err) ?? "UNKNOWN";
    const detail = this.redact(err instanceof Error ? err.message : String(err)) ?? "";
    return new TransportError(this.api, method, path, code, detail, { cause: err });
  }

  /** Keeps the app key out of messages even if a server echoes it. */
  private redact(text: string | null): string | null {
    const key = this.settings.appKey;
    return text !== null && key.length > 0 ? text.split(key).join("***") : text;
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}
