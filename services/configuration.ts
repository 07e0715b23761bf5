/** The daemon's default REST address. */
export const DEFAULT_YAGNA_API_URL = "http://127.0.0.1:7465";

/**
 * A setting the REST layer cannot work without is missing. `key` names the environment
 * variable that would provide it.
 *
 * @example
 * try { new Configuration({ env: {} }); }
 * catch (e) { if (e instanceof MissingConfiguration) console.error(e.message); }
 */
export class MissingConfiguration extends Error {
  override readonly name: string = "MissingConfiguration";

  constructor(
    readonly key: string,
    readonly description: string,
  ) {
    super(`Missing configuration for ${description}. Please set env var ${key}.`);
  }
}

/** Explicit settings; each one left out comes from the environment, then the default. */
export interface ConfigurationOptions {
  /** The app key (`yagna app-key create ...`); else `YAGNA_APPKEY`. */
  appKey?: string;
  /** Base URL of the daemon; else `YAGNA_API_URL`, else `http://127.0.0.1:7465`. */
  url?: string;
  /** Market API root; else `YAGNA_MARKET_URL`, else `<url>/market-api/v1`. */
  marketUrl?: string;
  /** Activity API root; else `YAGNA_ACTIVITY_URL`, else `<url>/activity-api/v1`. */
  activityUrl?: string;
  /** Payment API root; else `YAGNA_PAYMENT_URL`, else `<url>/payment-api/v1`. */
  paymentUrl?: string;
  /** The environment to read (default `process.env`); tests pass their own. */
  env?: Record<string, string | undefined>;
}

/**
 * Where the daemon is and how to authenticate: the app key and the URL of each API.
 * Resolution order for every value: explicit option, environment variable, default.
 * The app key is kept out of `toString()`/`toJSON()` so that logging a configuration
 * never leaks it.
 *
 * @example
 * const config = new Configuration({ appKey: "abc123" });
 * config.marketUrl; // "http://127.0.0.1:7465/market-api/v1" (unless YAGNA_MARKET_URL is set)
 */
export class Configuration {
  readonly url: string;
  readonly marketUrl: string;
  readonly activityUrl: string;
  readonly paymentUrl: string;
  readonly #appKey: string;

  constructor(opts: ConfigurationOptions = {}) {
    const env = opts.env ?? process.env;
    const appKey = nonEmpty(opts.appKey) ?? nonEmpty(env.YAGNA_APPKEY);
    if (appKey === undefined) throw new MissingConfiguration("YAGNA_APPKEY", "API authentication token");
    this.#appKey = appKey;
    this.url = checkUrl(
      nonEmpty(opts.url) ?? nonEmpty(env.YAGNA_API_URL) ?? DEFAULT_YAGNA_API_URL,
      "YAGNA_API_URL",
    );
    this.marketUrl = checkUrl(
      nonEmpty(opts.marketUrl) ?? nonEmpty(env.YAGNA_MARKET_URL) ?? `${this.url}/market-api/v1`,
      "YAGNA_MARKET_URL",
    );
    this.activityUrl = checkUrl(
      nonEmpty(opts.activityUrl) ?? nonEmpty(env.YAGNA_ACTIVITY_URL) ?? `${this.url}/activity-api/v1`,
      "YAGNA_ACTIVITY_URL",
    );
    this.paymentUrl = checkUrl(
      nonEmpty(opts.paymentUrl) ?? nonEmpty(env.YAGNA_PAYMENT_URL) ?? `${this.url}/payment-api/v1`,
      "YAGNA_PAYMENT_URL",
    );
  }

  /** The daemon's application key (sent only as `Authorization: Bearer`). */
  get appKey(): string {
    return this.#appKey;
  }

  toJSON(): Record<string, string> {
    return {
      url: this.url,
      marketUrl: this.marketUrl,
      activityUrl: this.activityUrl,
      paymentUrl: this.paymentUrl,
    };
  }

  toString(): string {
    return `Configuration(${JSON.stringify(this.toJSON())})`;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** Accepts http(s) URLs only and drops trailing slashes, so that paths join cleanly. */
function checkUrl(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${variable}: not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`${variable}: only http and https URLs are supported, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, "");
}
