import winston from "winston";
import { ROOT_LOGGER_NAME } from "./loggers.js";

/** yapapi's default line format (Python logging's placeholders). */
export const DEFAULT_LOG_FORMAT = "[%(asctime)s %(levelname)s %(name)s] %(message)s";

const PLACEHOLDER = /%\((\w+)\)s|%%/g;
const KNOWN = new Set(["asctime", "levelname", "name", "message"]);

/** Python's level names, which yapapi's logs show. */
const LEVEL_NAMES: Readonly<Record<string, string>> = {
  error: "ERROR",
  warn: "WARNING",
  info: "INFO",
  http: "HTTP",
  verbose: "VERBOSE",
  debug: "DEBUG",
  silly: "SILLY",
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * Python's `asctime`: local time as `YYYY-MM-DD HH:MM:SS,mmm`.
 *
 * @example
 * asctime(new Date(2021, 2, 1, 12, 0, 5, 42)); // "2021-03-01 12:00:05,042"
 */
export function asctime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`
  );
}

/**
 * A winston format that prints each entry with a Python-logging template, as yapapi's
 * `enable_default_logger(format_=...)`: `%(asctime)s`, `%(levelname)s`, `%(name)s` (the
 * entry's `logger` field, else `yatsapi`), `%(message)s` and `%%`. An entry with a `stack`
 * (an error's) gets it on the following lines, as Python prints a traceback. Other
 * placeholders are refused, naming them.
 *
 * @example
 * const logger = winston.createLogger({ format: templateFormat("%(levelname)s %(message)s"),
 *   transports: [new winston.transports.Console()] });
 */
export function templateFormat(template: string): winston.Logform.Format {
  const unknown = [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .filter((name): name is string => name !== undefined && !KNOWN.has(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `format: unknown placeholder(s) ${unknown.map((n) => `%(${n})s`).join(", ")}; ` +
        "use %(asctime)s, %(levelname)s, %(name)s, %(message)s or %%",
    );
  }
  return winston.format.printf((info) => {
    const fields: Record<string, string> = {
      asctime: asctime(new Date()),
      levelname: LEVEL_NAMES[info.level] ?? info.level.toUpperCase(),
      name: typeof info.logger === "string" ? info.logger : ROOT_LOGGER_NAME,
      message: typeof info.message === "string" ? info.message : String(info.message),
    };
    const line = template.replace(PLACEHOLDER, (all, name: string | undefined) =>
      name === undefined ? "%" : (fields[name] ?? all),
    );
    return typeof info.stack === "string" ? `${line}\n${info.stack}` : line;
  });
}
