/**
 * What a worker gets back at its `yield`: the results of its batch's commands, or the
 * batch's error (rebuilt from the JSON the machines carry into the services' error classes,
 * so `instanceof CommandExecutionError` works in the worker).
 */
import type {
  CommandResult as CommandResultJson,
  DriverEvent,
  ErrorJson,
} from "../../machines/computation.types.js";
import type { BatchCommandEvent } from "../../services/actors/activity.actors.js";
import type { ExeScriptCommand } from "../../services/index.js";
import { ActivityTerminatedError, BatchTimeoutError, CommandExecutionError } from "../../services/index.js";
import type { JsonValue } from "../json.js";

/** The outcome of one command of a batch. */
export interface CommandResult {
  /** Position of the command in the batch. */
  readonly index: number;
  readonly command: JsonValue;
  readonly success: boolean;
  /** The daemon's message (the error on failure), or null. */
  readonly message: string | null;
  /** Captured output: text, or bytes for binary capture. */
  readonly stdout: string | Uint8Array | null;
  readonly stderr: string | Uint8Array | null;
}

function output(value: string | number[] | null): string | Uint8Array | null {
  return Array.isArray(value) ? Uint8Array.from(value) : value;
}

/**
 * The batch's results as the worker sees them (byte arrays as `Uint8Array`).
 *
 * @example
 * const [result] = commandResults(event.results);
 */
export function commandResults(results: readonly CommandResultJson[]): CommandResult[] {
  return results.map((r) =>
    Object.freeze({
      index: r.index,
      command: r.command,
      success: r.success,
      message: r.message,
      stdout: output(r.stdout),
      stderr: output(r.stderr),
    }),
  );
}

/**
 * The error of a failed batch, as the class it was: CommandExecutionError,
 * BatchTimeoutError, ActivityTerminatedError, or an Error named after the original.
 *
 * @example
 * throw batchError({ name: "BatchTimeoutError", message: "Batch b1 did not finish within 1000 ms" }, "b1");
 */
export function batchError(json: ErrorJson, batchId: string): Error {
  let error: Error;
  switch (json.name) {
    case "CommandExecutionError":
      error = new CommandExecutionError(
        (json.command ?? undefined) as ExeScriptCommand | undefined,
        null,
        json.stderr ?? null,
        json.index ?? -1,
      );
      break;
    case "BatchTimeoutError":
      error = new BatchTimeoutError(batchId, new Date());
      break;
    case "ActivityTerminatedError":
      error = new ActivityTerminatedError("", "Terminated", undefined, json.message);
      break;
    default:
      error = new Error(json.message);
      Object.defineProperty(error, "name", { value: json.name, enumerable: false, configurable: true });
  }
  // The original text says the most (the daemon's words, the deadline that passed).
  Object.defineProperty(error, "message", {
    value: json.message,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return error;
}

/**
 * A command event of a running batch (from the activity actors) as the event the root
 * logs it from; progress reports are not part of the log.
 *
 * @example
 * onCommandEvent: (e) => actor.send(commandEventOf(e)),
 */
export function commandEventOf(e: BatchCommandEvent): Extract<DriverEvent, { type: "batch.commandEvent" }> {
  const ev = e.event;
  const at = { index: ev.index, command: (ev.command ?? null) as unknown as JsonValue };
  const text = (o: string | Uint8Array | null) =>
    o === null ? "" : typeof o === "string" ? o : new TextDecoder().decode(o);
  const event =
    ev.kind === "stdout" || ev.kind === "stderr"
      ? { kind: ev.kind, ...at, output: text(ev.output) }
      : ev.kind === "executed"
        ? { kind: "executed" as const, ...at, success: ev.success, message: ev.message }
        : { kind: "started" as const, ...at };
  return { type: "batch.commandEvent", activityId: e.activityId, batchId: e.batchId, event };
}
