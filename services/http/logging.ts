import winston from "winston";
import type { RestApiName } from "./errors.js";

/**
 * Loggers of the REST layer: one winston child per API, named `yatsapi.rest.<api>` (in the
 * `logger` field of each entry). Until configured they write nothing. Per-call debug lines
 * (method, path, status, duration) are produced only for the APIs whose debug flag is on, so
 * that `enableDefaultLogger({ debugMarketApi: true })` can later turn on just the market.
 */

interface RestLoggingState {
  parent: winston.Logger;
  debug: Set<RestApiName>;
}

const state: RestLoggingState = {
  parent: winston.createLogger({ silent: true }),
  debug: new Set(),
};

/**
 * The logger name of an API.
 *
 * @example
 * restLoggerName("market"); // "yatsapi.rest.market"
 */
export function restLoggerName(api: RestApiName): string {
  return `yatsapi.rest.${api}`;
}

/**
 * Routes the REST layer's logs into `logger` and sets which APIs log every call at debug
 * level. Flags left out keep their value.
 *
 * @example
 * configureRestLogging({ logger: winston.createLogger({ level: "debug", transports: [new winston.transports.Console()] }),
 *   debug: { market: true } });
 */
export function configureRestLogging(opts: {
  logger?: winston.Logger;
  debug?: Partial<Record<RestApiName, boolean>>;
}): void {
  if (opts.logger) state.parent = opts.logger;
  for (const [api, on] of Object.entries(opts.debug ?? {}) as [RestApiName, boolean | undefined][]) {
    if (on) state.debug.add(api);
    else state.debug.delete(api);
  }
}

/**
 * The winston child logger of one API, bound to the logger configured now.
 *
 * @example
 * restLogger("payment").warn("allocation release failed");
 */
export function restLogger(api: RestApiName): winston.Logger {
  return state.parent.child({ logger: restLoggerName(api) });
}

/**
 * True when per-call debug lines of `api` are wanted (flag on and the logger takes debug).
 *
 * @example
 * if (isRestDebugEnabled("market")) restLogger("market").debug("GET /demands 200 3ms");
 */
export function isRestDebugEnabled(api: RestApiName): boolean {
  return state.debug.has(api) && !state.parent.silent && state.parent.isLevelEnabled("debug");
}
