/**
 * Why an agreement or activity ended, and failed REST calls as JSON: the shapes the
 * agreement and activity machines keep in context and report to their parent. Pure: no
 * I/O, and only JSON goes out (errors are read field by field, never stored).
 */
import type { JsonValue } from "../src/json.js";

/** `{message, ...extra keys}`: the daemon's reason shape (terminate bodies, events). */
export interface Reason {
  message: string;
  [key: string]: JsonValue;
}

/** A thrown error as JSON: its class name, message and the facts some errors carry. */
export interface ErrorJson {
  name: string;
  message: string;
  /** The ExeScript command that failed (CommandExecutionError). */
  command?: JsonValue;
  /** What the failed command wrote to stderr (CommandExecutionError). */
  stderr?: string | null;
  /** Position of the failed command in its batch (CommandExecutionError). */
  index?: number;
}

/**
 * Reads an error (an `Error`, or anything a promise rejected with) into JSON. Only
 * JSON-safe fields are kept, so the result can go into machine context and events.
 *
 * @example
 * errorJson(new TypeError("bad")); // { name: "TypeError", message: "bad" }
 * errorJson("boom");               // { name: "Error", message: "boom" }
 */
export function errorJson(err: unknown): ErrorJson {
  if (typeof err !== "object" || err === null) return { name: "Error", message: String(err) };
  const e = err as Record<string, unknown>;
  const out: ErrorJson = {
    name: typeof e.name === "string" && e.name ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(err),
  };
  const command = jsonCopy(e.command);
  if (command !== undefined) out.command = command;
  if (typeof e.stderr === "string" || e.stderr === null) out.stderr = e.stderr;
  if (typeof e.index === "number" && Number.isInteger(e.index)) out.index = e.index;
  return out;
}

/**
 * The reason recorded when a REST call failed: the error's message, with its class name
 * under `error` so that a reader can tell a timeout from a refusal.
 *
 * @example
 * reasonOf(new Error("POST /agreements failed with 500")); // { message: "POST ...", error: "Error" }
 */
export function reasonOf(err: unknown): Reason {
  const { name, message } = errorJson(err);
  return { message, error: name };
}

/** A JSON copy of a value that is meant to be JSON already; undefined when it is not. */
function jsonCopy(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
  } catch {
    return undefined;
  }
}
