import winston from "winston";

/**
 * The root of yatsapi's loggers. Until `enableDefaultLogger` (or `useRootLogger`) sets one,
 * it is silent: a library does not write to the terminal unless asked. Named loggers are
 * winston children of the root with the name in their `logger` field, made at call time so
 * that a logger configured later is the one used.
 */
const silent = winston.createLogger({ silent: true });
let root: winston.Logger = silent;

/** The name of the root logger; every other name starts with it. */
export const ROOT_LOGGER_NAME = "yatsapi";

/**
 * Makes `logger` the root of every yatsapi logger; `null` makes them silent again.
 *
 * @example
 * useRootLogger(winston.createLogger({ level: "debug", transports: [new winston.transports.Console()] }));
 */
export function useRootLogger(logger: winston.Logger | null): void {
  root = logger ?? silent;
}

/**
 * The current root logger (the silent one until configured).
 *
 * @example
 * rootLogger().isLevelEnabled("debug"); // false until enableDefaultLogger()
 */
export function rootLogger(): winston.Logger {
  return root;
}

/**
 * True when `logger` would write entries of `level` (winston's `isLevelEnabled` ignores
 * `silent`).
 *
 * @example
 * if (isLoggingEnabled(getLogger("yatsapi.events"), "debug")) logger.debug(expensiveText());
 */
export function isLoggingEnabled(logger: winston.Logger, level: string): boolean {
  return !logger.silent && logger.isLevelEnabled(level);
}

/**
 * A named yatsapi logger, such as `yatsapi.summary` or `yatsapi.events`, bound to the root
 * configured now.
 *
 * @example
 * getLogger("yatsapi.summary").info("Executor has shut down");
 */
export function getLogger(name: string): winston.Logger {
  return root.child({ logger: name });
}
