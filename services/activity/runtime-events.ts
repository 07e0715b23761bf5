import type { SseFrame } from "../http/sse.js";
import { type CommandEvent, toOutput } from "./command-events.js";
import type { ExeScriptCommand, RuntimeEvent } from "./types.js";

/** A streamed runtime event turned into a command event, plus what the batch needs to know. */
export interface DecodedRuntimeEvent {
  event: CommandEvent;
  /** For `finished`: the exit code (0 is success). */
  returnCode?: number;
}

/**
 * Decodes one SSE frame of `GET /exec/{batchId}` (Accept: text/event-stream). Accepts the
 * daemon's snake_case (`batch_id`, `return_code`) and the spec's camelCase. Returns
 * undefined for frames that are not runtime events or cannot be read (yapapi logs and
 * skips those too).
 *
 * @example
 * const decoded = decodeRuntimeFrame(frame, batchId, script);
 * if (decoded?.event.kind === "stdout") process.stdout.write(decoded.event.output);
 */
export function decodeRuntimeFrame(
  frame: SseFrame,
  batchId: string,
  script: readonly ExeScriptCommand[],
): DecodedRuntimeEvent | undefined {
  if (frame.event !== "runtime") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.data);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const ev = parsed as Partial<RuntimeEvent>;
  const frameBatch = ev.batch_id ?? ev.batchId;
  if (typeof ev.index !== "number" || ev.kind === null || typeof ev.kind !== "object") return undefined;
  if (frameBatch !== undefined && frameBatch !== batchId) return undefined;
  const base = { batchId, index: ev.index, command: script[ev.index] };
  const kind = ev.kind;
  if ("started" in kind) return { event: { ...base, kind: "started" } };
  if ("stdout" in kind) return { event: { ...base, kind: "stdout", output: toOutput(kind.stdout) ?? "" } };
  if ("stderr" in kind) return { event: { ...base, kind: "stderr", output: toOutput(kind.stderr) ?? "" } };
  if ("finished" in kind) {
    const code = kind.finished.return_code ?? kind.finished.returnCode;
    if (typeof code !== "number") return undefined;
    return {
      returnCode: code,
      event: {
        ...base,
        kind: "executed",
        success: code === 0,
        message: kind.finished.message ?? null,
        stdout: null,
        stderr: null,
      },
    };
  }
  if ("progress" in kind) {
    const p = kind.progress;
    return {
      event: {
        ...base,
        kind: "progress",
        step: p.step,
        progress: p.progress,
        unit: p.unit ?? undefined,
        message: p.message ?? undefined,
      },
    };
  }
  return undefined;
}
