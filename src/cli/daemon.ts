import {
  ApiError,
  AuthenticationError,
  createYagnaApi,
  MissingConfiguration,
  RequestTimeoutError,
  TransportError,
  type YagnaApi,
} from "../../services/index.js";
import { textFlag, UsageError } from "./args.js";
import type { CliIo } from "./command.js";

/** The flags of every command that talks to a daemon, for `parseFlags`. */
export const DAEMON_FLAGS = {
  url: { type: "string" },
  "app-key": { type: "string" },
  json: { type: "boolean" },
} as const;

/** The help lines of `DAEMON_FLAGS`, for each command's usage text. */
export const DAEMON_FLAGS_HELP = `  --url URL            the daemon's REST address (default $YAGNA_API_URL,
                       else http://127.0.0.1:7465)
  --app-key KEY        the app key (default $YAGNA_APPKEY)
  --json               print JSON for scripts instead of a table
  -h, --help           show this help`;

/** What `DAEMON_FLAGS` parse into. */
export interface DaemonFlags {
  url?: string | undefined;
  "app-key"?: string | undefined;
}

/**
 * A connection to the daemon for one CLI run, which turns every failure of the REST layer
 * into a message saying what to do.
 */
export interface DaemonSession {
  api: YagnaApi;
  /** The base URL in use, for messages. */
  url: string;
}

const START_HINT =
  "start it (`yagna service run`, or `npx yatsapi devnet` for a local devnet and eval its output), or point --url / YAGNA_API_URL at it";

/**
 * Connects to the daemon the flags and environment name, runs `work`, and closes the
 * connection. A missing app key or a bad URL is a UsageError (exit 2); an unreachable
 * daemon or a refused key becomes an Error whose message says what to do (exit 1).
 *
 * @example
 * const demands = await withDaemon(values, io, ({ api }) => api.market.subscriptions());
 */
export async function withDaemon<T>(
  flags: DaemonFlags,
  io: CliIo,
  work: (session: DaemonSession) => Promise<T>,
): Promise<T> {
  const api = connect(flags, io.env ?? process.env);
  const url = api.config.url;
  try {
    return await work({ api, url });
  } catch (err) {
    throw explainFailure(err, url);
  } finally {
    await api.close();
  }
}

function connect(flags: DaemonFlags, env: Record<string, string | undefined>): YagnaApi {
  const appKey = flags["app-key"] === undefined ? undefined : textFlag(flags["app-key"], "--app-key");
  const url = flags.url === undefined ? undefined : textFlag(flags.url, "--url");
  try {
    // A CLI run should fail fast: one retry of a reset connection, short pauses.
    return createYagnaApi({ appKey, url, env, retry: { maxAttempts: 2, baseDelayMs: 100 } });
  } catch (err) {
    if (err instanceof MissingConfiguration) {
      throw new UsageError(
        "no app key: set YAGNA_APPKEY (or run `npx yatsapi devnet` and eval its output), or pass --app-key",
      );
    }
    if (err instanceof TypeError && url !== undefined) {
      throw new UsageError(`--url must be an http(s) URL such as http://127.0.0.1:7465, not '${url}'`);
    }
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * A failure of the REST layer reworded for someone at a terminal (what failed, and what to
 * do about it); anything else is returned as it is.
 *
 * @example
 * io.stderr.write(`${(explainFailure(err, session.url) as Error).message}\n`);
 */
export function explainFailure(err: unknown, url: string): unknown {
  if (err instanceof TransportError) {
    return new Error(`cannot reach the daemon at ${url} (${err.code}): ${START_HINT}`, { cause: err });
  }
  if (err instanceof RequestTimeoutError) {
    return new Error(
      `the daemon at ${url} did not answer ${err.method} ${err.path} within ${err.timeoutMs / 1000} s: is it overloaded or stuck?`,
      { cause: err },
    );
  }
  if (err instanceof AuthenticationError) {
    return new Error(
      `the daemon at ${url} refused the app key (401): check YAGNA_APPKEY or --app-key (\`yagna app-key list\`; the devnet prints its key when it starts)`,
      { cause: err },
    );
  }
  if (err instanceof ApiError) {
    return new Error(
      `the daemon at ${url} refused ${err.method} ${err.path} (${err.status})${
        err.daemonMessage ? `: ${err.daemonMessage}` : ""
      }`,
      { cause: err },
    );
  }
  return err;
}

/**
 * True when `err` is the daemon's answer that the object a call named does not exist:
 * 404, or 410 for one it has already released.
 *
 * @example
 * try { await api.payment.invoice(id); }
 * catch (err) { if (isNotFound(err)) throw new Error(`no invoice ${id}`); throw err; }
 */
export function isNotFound(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.status === 404 || err.status === 410);
}

/**
 * Writes `value` as indented JSON and a newline, the `--json` output of every command.
 *
 * @example
 * printJson(io, { released: ["a1"] });
 */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
