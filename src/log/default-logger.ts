import winston from "winston";
import { configureRestLogging } from "../../services/http/logging.js";
import { packageVersion } from "../cli/version.js";
import { DEFAULT_LOG_FORMAT, templateFormat } from "./format.js";
import { rootLogger, useRootLogger } from "./loggers.js";
import { SyncFile } from "./sync-file.js";

/** What `enableDefaultLogger` takes (yapapi's `enable_default_logger` arguments). */
export interface DefaultLoggerOptions {
  /** A Python-logging template (default `DEFAULT_LOG_FORMAT`) or a winston format. */
  format?: string | winston.Logform.Format;
  /** A file that gets every entry down to debug level; truncated first. */
  logFile?: string | null;
  /** Per-call debug lines of the activity API (into the log file). */
  debugActivityApi?: boolean;
  /** Per-call debug lines of the market API (into the log file). */
  debugMarketApi?: boolean;
  /** Per-call debug lines of the payment API (into the log file). */
  debugPaymentApi?: boolean;
}

const FLAGS = ["debugActivityApi", "debugMarketApi", "debugPaymentApi"] as const;

interface Enabled {
  logger: winston.Logger;
  file: SyncFile | null;
}
let enabled: Enabled | null = null;

function readOptions(opts: unknown): DefaultLoggerOptions {
  if (opts === undefined) return {};
  if (typeof opts !== "object" || opts === null)
    throw new TypeError("enableDefaultLogger(): options must be an object");
  const o = opts as Record<string, unknown>;
  const { format, logFile } = o;
  if (
    format !== undefined &&
    typeof format !== "string" &&
    typeof (format as { transform?: unknown } | null)?.transform !== "function"
  )
    throw new TypeError("enableDefaultLogger(): format must be a template string or a winston format");
  if (logFile !== undefined && logFile !== null && (typeof logFile !== "string" || logFile === ""))
    throw new TypeError("enableDefaultLogger(): logFile must be a file path (a non-empty string) or null");
  for (const flag of FLAGS) {
    if (o[flag] !== undefined && typeof o[flag] !== "boolean")
      throw new TypeError(`enableDefaultLogger(): ${flag} must be true or false`);
  }
  return o as DefaultLoggerOptions;
}

/**
 * yapapi's `enable_default_logger`: every yatsapi logger (the summary, events, the REST
 * layer) goes to one root logger at debug level, shown on stderr from info up and written
 * to `logFile` (when given) from debug up. The `debug*Api` flags turn on the REST layer's
 * per-call debug lines (method, path, status, duration; never headers, so never the app
 * key). Calling it again replaces the previous setup.
 *
 * @example
 * enableDefaultLogger({ logFile: "yatsapi.log", debugMarketApi: true });
 * const executor = new Executor({ ...options, eventConsumer: logSummary(logEvent) });
 */
export function enableDefaultLogger(options?: DefaultLoggerOptions): winston.Logger {
  const opts = readOptions(options);
  disableDefaultLogger();
  const format =
    typeof opts.format === "object" ? opts.format : templateFormat(opts.format ?? DEFAULT_LOG_FORMAT);
  const file = opts.logFile ? new SyncFile(opts.logFile, "w") : null;
  const transports: winston.transport[] = [
    new winston.transports.Console({
      level: "info",
      stderrLevels: Object.keys(winston.config.npm.levels),
    }),
  ];
  if (file) {
    const stream = file.stream();
    stream.on("error", (error: Error) =>
      process.stderr.write(`yatsapi: cannot write ${file.path}: ${error.message}\n`),
    );
    transports.push(new winston.transports.Stream({ level: "debug", stream }));
  }
  const logger = winston.createLogger({ level: "debug", format, transports });
  enabled = { logger, file };
  useRootLogger(logger);
  configureRestLogging({
    logger,
    debug: {
      activity: opts.debugActivityApi === true,
      market: opts.debugMarketApi === true,
      payment: opts.debugPaymentApi === true,
    },
  });
  if (file) {
    logger.debug(
      `Yatsapi version: ${packageVersion()}, script: ${process.argv[1] ?? ""}, working directory: ${process.cwd()}`,
    );
    logger.info(`Using log file \`${file.path}\`; in case of errors look for additional information there`);
  }
  return logger;
}

/**
 * Undoes `enableDefaultLogger`: the loggers are silent again, the REST debug lines off and
 * the log file closed. Does nothing when it was not enabled (or was replaced by another
 * root logger).
 *
 * @example
 * enableDefaultLogger({ logFile: "run.log" });
 * // ... run a computation ...
 * disableDefaultLogger();
 */
export function disableDefaultLogger(): void {
  if (!enabled) return;
  const { logger, file } = enabled;
  enabled = null;
  if (rootLogger() === logger) {
    useRootLogger(null);
    configureRestLogging({
      logger: rootLogger(),
      debug: { activity: false, market: false, payment: false },
    });
  }
  // Silenced rather than cleared: a child someone still holds then writes nowhere, quietly.
  logger.silent = true;
  file?.close();
}
