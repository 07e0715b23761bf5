import { asArray } from "../http/guards.js";
import { idlePause, isPollTimeout } from "../http/long-poll.js";
import { pathOf, type RestRequest } from "../http/rest-client.js";
import { Batch } from "./batch.js";
import { type CommandEvent, type CommandExecuted, executedFromResult, outputText } from "./command-events.js";
import { CommandExecutionError } from "./errors.js";
import type { ExeScriptCommandResult } from "./types.js";

/**
 * A batch followed by long polls of `GET /exec/{batchId}` without `commandIndex`: the daemon
 * holds the call until the whole batch ends (or the poll window passes) and answers every
 * finished command from index 0, so the batch slices off what it has already reported. One
 * exec and one poll suffice for a batch that ends within the window; a window that passes
 * reports the commands finished so far and polls again.
 *
 * @example
 * const batch = await activity.send([{ run: { entry_point: "/bin/echo", args: ["hi"] } }]);
 * const [ran] = await batch.results();
 * console.log(ran.stdout); // "hi\n" with capture, null without
 */
export class PollingBatch extends Batch {
  async *[Symbol.asyncIterator](): AsyncGenerator<CommandEvent> {
    yield* this.pollFrom(0);
  }

  /**
   * Polls until every command from `fromIndex` on has finished, yielding their `executed`
   * events (the streaming batch falls back on this when its stream ends early).
   */
  protected async *pollFrom(fromIndex: number): AsyncGenerator<CommandExecuted> {
    let next = fromIndex;
    while (next < this.size) {
      const waitMs = Math.min(this.ctx.pollWindowMs, this.msLeftOrThrow());
      const req: RestRequest = {
        method: "GET",
        path: pathOf`/activity/${this.ctx.activityId}/exec/${this.ctx.batchId}`,
        query: { timeout: Math.max(0, waitMs) / 1000 },
        longPollMs: waitMs,
        signal: this.ctx.signal,
        retry: ["timeout", "reset", "gsb"],
      };
      const started = Date.now();
      let results: ExeScriptCommandResult[];
      try {
        const res = await this.ctx.client.request(req);
        results = asArray<ExeScriptCommandResult>(res.body, this.ctx.client.site(req));
      } catch (err) {
        if (this.ctx.signal?.aborted) throw this.ctx.signal.reason;
        if (isPollTimeout(err)) continue;
        throw await this.explain(err);
      }
      const fresh = results.filter((r) => r.index >= next).sort((a, b) => a.index - b.index);
      for (const r of fresh) {
        if (r.index !== next) break; // Results are contiguous from 0; a gap is reported on a later poll.
        const event = executedFromResult(this.ctx.batchId, r, this.ctx.script[r.index]);
        next = r.index + 1;
        yield event;
        if (!event.success)
          throw new CommandExecutionError(event.command, event.message, outputText(event.stderr), r.index);
        if (r.isBatchFinished) return;
      }
      await idlePause(fresh.length, started, waitMs, Math.min(1000, waitMs), this.ctx.signal);
    }
  }
}
