import { asArray } from "../http/guards.js";
import { pathOf, type RestRequest, type RestStream } from "../http/rest-client.js";
import { linkedController } from "../http/signals.js";
import { parseSse } from "../http/sse.js";
import {
  type CommandEvent,
  executedFromResult,
  joinOutputs,
  type Output,
  outputText,
} from "./command-events.js";
import { BatchTimeoutError, CommandExecutionError } from "./errors.js";
import { PollingBatch } from "./polling-batch.js";
import { decodeRuntimeFrame } from "./runtime-events.js";
import type { ExeScriptCommandResult } from "./types.js";

/**
 * A batch followed over Server-Sent Events: command starts, output chunks as they are
 * written (for `stream` capture), progress and ends. The daemon sends only events that
 * happen after the stream opens and never closes the stream, so the batch:
 * 1. opens the stream, then asks once (without waiting) for commands that had already
 *    finished, reporting those from the polled results;
 * 2. reads frames, skipping commands already reported, and closes the stream itself after
 *    the last command or the first failure;
 * 3. falls back on polling if the stream ends early or skips a command.
 *
 * @example
 * const batch = await activity.send(script, { stream: true });
 * for await (const ev of batch) if (ev.kind === "stdout") process.stdout.write(ev.output);
 */
export class StreamingBatch extends PollingBatch {
  override async *[Symbol.asyncIterator](): AsyncGenerator<CommandEvent> {
    const leftMs = this.msLeftOrThrow();
    const { controller, unlink } = linkedController(this.ctx.signal);
    let pastDeadline = false;
    const timer = Number.isFinite(leftMs)
      ? setTimeout(() => {
          pastDeadline = true;
          controller.abort();
        }, leftMs)
      : undefined;
    const signal = controller.signal;
    const path = pathOf`/activity/${this.ctx.activityId}/exec/${this.ctx.batchId}`;
    let stream: RestStream | undefined;
    try {
      try {
        stream = await this.ctx.client.stream({
          method: "GET",
          path,
          signal,
          retry: ["timeout", "reset", "gsb"],
        });
      } catch (err) {
        if (signal.aborted) throw err;
        throw await this.explain(err);
      }
      let next = 0;
      for (const r of await this.finishedSoFar(path, signal)) {
        if (r.index !== next) break;
        const event = executedFromResult(this.ctx.batchId, r, this.ctx.script[r.index]);
        next = r.index + 1;
        yield event;
        if (!event.success)
          throw new CommandExecutionError(event.command, event.message, outputText(event.stderr), r.index);
        if (r.isBatchFinished || next >= this.size) return;
      }
      const chunks = new Map<string, Output[]>();
      for await (const frame of parseSse(stream.body)) {
        const decoded = decodeRuntimeFrame(frame, this.ctx.batchId, this.ctx.script);
        if (!decoded || decoded.event.index < next) continue;
        const event = decoded.event;
        if (event.kind === "stdout" || event.kind === "stderr") {
          const key = `${event.index}/${event.kind}`;
          chunks.set(key, [...(chunks.get(key) ?? []), event.output]);
        }
        if (event.kind !== "executed") {
          yield event;
          continue;
        }
        if (event.index > next) break; // A command's end was missed: polling reports it.
        event.stdout = joinOutputs(chunks.get(`${event.index}/stdout`) ?? []);
        event.stderr = joinOutputs(chunks.get(`${event.index}/stderr`) ?? []);
        next = event.index + 1;
        yield event;
        if (!event.success) {
          throw new CommandExecutionError(
            event.command,
            event.message,
            outputText(event.stderr),
            event.index,
          );
        }
        if (next >= this.size) return;
      }
      stream.close();
      yield* this.pollFrom(next);
    } catch (err) {
      if (pastDeadline && !this.ctx.signal?.aborted) {
        throw new BatchTimeoutError(this.ctx.batchId, this.ctx.deadline!);
      }
      if (this.ctx.signal?.aborted) throw this.ctx.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
      stream?.close();
      unlink();
    }
  }

  /** The commands finished before the stream opened (one poll that does not wait). */
  private async finishedSoFar(path: string, signal: AbortSignal): Promise<ExeScriptCommandResult[]> {
    const req: RestRequest = {
      method: "GET",
      path,
      query: { timeout: 0 },
      signal,
      retry: ["timeout", "reset", "gsb"],
    };
    try {
      const res = await this.ctx.client.request(req);
      return asArray<ExeScriptCommandResult>(res.body, this.ctx.client.site(req)).sort(
        (a, b) => a.index - b.index,
      );
    } catch (err) {
      if (signal.aborted) throw err;
      throw await this.explain(err);
    }
  }
}
