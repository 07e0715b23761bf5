import { Agent, type Dispatcher, Pool } from "undici";
import type { RestApiName } from "./errors.js";
import { RestClient } from "./rest-client.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";

/**
 * One HTTP exchange as the daemon saw it, handed to `onExchange` (tests validate bodies
 * against the OpenAPI schemas with it). Never carries the app key.
 */
export interface HttpExchange {
  api: RestApiName;
  method: string;
  /** Full URL with query string. */
  url: string;
  /** The JSON value sent; undefined when the request had no body. */
  requestBody: unknown;
  status: number;
  contentType: string | undefined;
  /** Parsed JSON, text for non-JSON bodies, undefined when empty or streamed. */
  responseBody: unknown;
  /** True for an event stream, whose body is not read here. */
  stream: boolean;
  durationMs: number;
}

/** Options of the shared HTTP core. */
export interface HttpCoreOptions {
  /** Sent as `Authorization: Bearer <appKey>` to the daemon (never to image repositories). */
  appKey: string;
  /** Time limit of an ordinary call, ms. Default 30 000. */
  requestTimeoutMs?: number;
  /** Added to a long poll's server-side wait to get its client time limit, ms. Default 5 000. */
  longPollMarginMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Idle keep-alive connections are closed after this many ms. Default 60 000. */
  keepAliveTimeoutMs?: number;
  /** Test hook: called after each exchange, with both bodies. */
  onExchange?: (exchange: HttpExchange) => void;
  /** Replaces the keep-alive pools, e.g. with undici's MockAgent in tests. */
  dispatcher?: Dispatcher;
}

/** Resolved settings shared by the clients of one core. */
export interface HttpCoreSettings {
  appKey: string;
  requestTimeoutMs: number;
  longPollMarginMs: number;
  retry: RetryPolicy;
  onExchange: ((exchange: HttpExchange) => void) | undefined;
  dispatcher: Dispatcher;
}

/**
 * The transport every API shares: one keep-alive undici `Pool` per origin (inside an
 * `Agent`), the app key, time limits and the retry policy. Make one per daemon and close it
 * when done, so that idle sockets do not keep the process alive.
 *
 * @example
 * const core = new HttpCore({ appKey: process.env.YAGNA_APPKEY! });
 * const market = core.client("market", "http://127.0.0.1:7465/market-api/v1");
 * const demands = await market.request({ method: "GET", path: "/demands" });
 * await core.close();
 */
export class HttpCore {
  readonly settings: HttpCoreSettings;
  private readonly ownDispatcher: boolean;

  constructor(opts: HttpCoreOptions) {
    const keepAliveTimeout = opts.keepAliveTimeoutMs ?? 60_000;
    this.ownDispatcher = opts.dispatcher === undefined;
    this.settings = {
      appKey: opts.appKey,
      requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
      longPollMarginMs: opts.longPollMarginMs ?? 5_000,
      retry: { ...DEFAULT_RETRY_POLICY, ...opts.retry },
      onExchange: opts.onExchange,
      dispatcher:
        opts.dispatcher ??
        new Agent({
          // One pool per origin; connections are unbounded because each long poll holds one.
          factory: (origin, poolOpts) =>
            new Pool(origin, { ...poolOpts, keepAliveTimeout, keepAliveMaxTimeout: keepAliveTimeout }),
        }),
    };
  }

  /**
   * A client for one API rooted at `baseUrl` (which may carry a path prefix).
   * `auth: false` leaves the app key out, for third-party hosts such as image repositories.
   *
   * @example
   * const payment = core.client("payment", config.paymentUrl);
   */
  client(api: RestApiName, baseUrl: string, opts: { auth?: boolean } = {}): RestClient {
    return new RestClient(this.settings, api, baseUrl, opts.auth ?? true);
  }

  /**
   * Closes the pools (only those this core created); pending requests are aborted.
   *
   * @example
   * await core.close();
   */
  async close(): Promise<void> {
    if (this.ownDispatcher) await this.settings.dispatcher.destroy();
  }
}
