/**
 * The Executor's `inspect` option and its environment variables, checked and resolved
 * into what to start: nothing, the caller's own observer, the local inspector, or the
 * Stately bridge. `YATSAPI_INSPECT=1` (or `stately`) turns inspection on when the option
 * is absent; `YATSAPI_INSPECT_PORT`, `YATSAPI_INSPECT_HOST` and `YATSAPI_INSPECT_RECORD`
 * fill what the option leaves out; `YATSAPI_INSPECT_HOLD=1` (set by `yatsapi run
 * --inspect`) keeps the page served after the run.
 */
import type { InspectionEvent } from "xstate";

/** Where the local inspector listens and what it records. */
export interface InspectOptions {
  /** Default 0: any free port (the URL is printed). */
  port?: number;
  /** Default 127.0.0.1. Anything else exposes the run to the network: use with care. */
  host?: string;
  /** Also write every message to this file (`yatsapi viz <file>` replays it). */
  record?: string;
}

/** What `Executor({ inspect })` takes. */
export type InspectOption = boolean | "stately" | InspectOptions | ((event: InspectionEvent) => void);

/** The inspection to set up. */
export type InspectPlan =
  | { kind: "off" }
  | { kind: "observer"; observer: (event: InspectionEvent) => void }
  | { kind: "local" | "stately"; port: number; host: string; record?: string; hold: boolean };

const FORM = 'true, "stately", { port?, host?, record? } or a function (event) => void';
const ON = new Set(["1", "true", "yes", "on"]);
const OFF = new Set(["", "0", "false", "no", "off"]);

function port(value: unknown, name: string): number {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 65535)
    throw new RangeError(
      `${name}: expected a port number from 0 to 65535 (0 = any free port), got ${show(value)}`,
    );
  return n;
}

function text(value: unknown, name: string, what: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw new TypeError(`${name}: expected ${what}, got ${show(value)}`);
  return value;
}

function show(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : typeof value === "function"
      ? "a function"
      : String(value);
}

/**
 * Checks `inspect` and resolves it with the environment; throws a TypeError or RangeError
 * naming the option (or the variable) that is wrong.
 *
 * @example
 * inspectPlan({ port: 0 }, {}); // { kind: "local", port: 0, host: "127.0.0.1", hold: false }
 * inspectPlan(undefined, { YATSAPI_INSPECT: "1", YATSAPI_INSPECT_PORT: "9333" }); // local on 9333
 * inspectPlan("nope", {}); // throws TypeError "inspect: expected true, \"stately\", ..."
 */
export function inspectPlan(
  option: unknown,
  env: Record<string, string | undefined> = process.env,
): InspectPlan {
  if (typeof option === "function")
    return { kind: "observer", observer: option as (e: InspectionEvent) => void };
  if (option === false) return { kind: "off" };
  let kind: "local" | "stately";
  let given: Record<string, unknown> = {};
  if (option === undefined) {
    const raw = (env.YATSAPI_INSPECT ?? "").trim().toLowerCase();
    if (OFF.has(raw)) return { kind: "off" };
    if (raw === "stately") kind = "stately";
    else if (ON.has(raw)) kind = "local";
    else
      throw new RangeError(
        `YATSAPI_INSPECT: expected 1 or stately (or 0 to leave it off), got ${show(env.YATSAPI_INSPECT)}`,
      );
  } else if (option === true) kind = "local";
  else if (option === "stately") kind = "stately";
  else if (typeof option === "object" && option !== null && !Array.isArray(option)) {
    kind = "local";
    given = option as Record<string, unknown>;
    const unknown = Object.keys(given).find((k) => !["port", "host", "record"].includes(k));
    if (unknown !== undefined)
      throw new TypeError(`inspect.${unknown}: not an option (expected port, host or record)`);
  } else throw new TypeError(`inspect: expected ${FORM}, got ${show(option)}`);
  const plan: InspectPlan = {
    kind,
    port:
      given.port !== undefined
        ? port(given.port, "inspect.port")
        : env.YATSAPI_INSPECT_PORT
          ? port(env.YATSAPI_INSPECT_PORT, "YATSAPI_INSPECT_PORT")
          : 0,
    host:
      given.host !== undefined
        ? text(given.host, "inspect.host", "a host name or address such as 127.0.0.1")
        : env.YATSAPI_INSPECT_HOST
          ? text(env.YATSAPI_INSPECT_HOST, "YATSAPI_INSPECT_HOST", "a host name or address")
          : "127.0.0.1",
    hold: ON.has((env.YATSAPI_INSPECT_HOLD ?? "").trim().toLowerCase()),
  };
  const record =
    given.record !== undefined
      ? text(given.record, "inspect.record", 'a file path such as "run.jsonl"')
      : env.YATSAPI_INSPECT_RECORD || undefined;
  if (record !== undefined) plan.record = record;
  return plan;
}
