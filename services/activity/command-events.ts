import type { CommandOutput, ExeScriptCommand, ExeScriptCommandResult } from "./types.js";

/** Text for string capture, bytes for binary capture. */
export type Output = string | Uint8Array;

interface CommandEventBase {
  batchId: string;
  /** Position of the command in the script. */
  index: number;
  /** The command itself, from the script that was sent. */
  command: ExeScriptCommand | undefined;
}

/** The exe-unit began the command (streaming only). */
export interface CommandStarted extends CommandEventBase {
  kind: "started";
}

/** A chunk of the command's output (streaming, with `stream` capture). */
export interface CommandOutputChunk extends CommandEventBase {
  kind: "stdout" | "stderr";
  output: Output;
}

/** Transfer or deploy progress (streaming, when `progress` was requested). */
export interface CommandProgress extends CommandEventBase {
  kind: "progress";
  step: [number, number];
  progress: [number, number | null] | undefined;
  unit: string | undefined;
  message: string | undefined;
}

/** The command ended. On failure the batch throws `CommandExecutionError` after this event. */
export interface CommandExecuted extends CommandEventBase {
  kind: "executed";
  success: boolean;
  /** The daemon's message (error text on failure), or null. */
  message: string | null;
  /** Captured output; in streaming mode only what arrived as chunks, joined when text. */
  stdout: Output | null;
  stderr: Output | null;
}

/** What a batch yields, in order, for each of its commands. */
export type CommandEvent = CommandStarted | CommandOutputChunk | CommandProgress | CommandExecuted;

/**
 * The daemon's output value as text or bytes (binary capture arrives as byte values).
 *
 * @example
 * toOutput([104, 105]); // Uint8Array [104, 105]
 * toOutput("hi\n");     // "hi\n"
 */
export function toOutput(value: CommandOutput | null | undefined): Output | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : Uint8Array.from(value);
}

/**
 * Text of an output for messages (bytes decoded as UTF-8).
 *
 * @example
 * outputText(new TextEncoder().encode("oops")); // "oops"
 */
export function outputText(value: Output | null): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value : new TextDecoder().decode(value);
}

/**
 * The `executed` event of one polled result.
 *
 * @example
 * const ev = executedFromResult(batchId, result, script[result.index]);
 */
export function executedFromResult(
  batchId: string,
  result: ExeScriptCommandResult,
  command: ExeScriptCommand | undefined,
): CommandExecuted {
  return {
    kind: "executed",
    batchId,
    index: result.index,
    command,
    success: result.result === "Ok",
    message: result.message ?? null,
    stdout: toOutput(result.stdout),
    stderr: toOutput(result.stderr),
  };
}

/**
 * Joins streamed chunks: text stays text; any binary chunk makes the result bytes.
 *
 * @example
 * joinOutputs(["a", "b"]); // "ab"
 * joinOutputs([]);         // null
 */
export function joinOutputs(chunks: readonly Output[]): Output | null {
  if (chunks.length === 0) return null;
  if (chunks.every((c) => typeof c === "string")) return chunks.join("");
  const encoder = new TextEncoder();
  const parts = chunks.map((c) => (typeof c === "string" ? encoder.encode(c) : c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
