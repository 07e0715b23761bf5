import { ApiError } from "../http/errors.js";
import { asObject } from "../http/guards.js";
import { pathOf, type RestClient, type RestRequest } from "../http/rest-client.js";
import type { CommandEvent, CommandExecuted } from "./command-events.js";
import { ActivityTerminatedError, BatchTimeoutError } from "./errors.js";
import type { ActivityState, ExeScriptCommand } from "./types.js";

/** Everything a batch needs to follow its commands. */
export interface BatchContext {
  client: RestClient;
  activityId: string;
  batchId: string;
  script: ExeScriptCommand[];
  deadline: Date | undefined;
  signal: AbortSignal | undefined;
  /** Longest single long poll for results, ms. */
  pollWindowMs: number;
}

/**
 * A script sent to an activity, as an async iterable of command events. Iterate it once:
 * it ends after the last command; a failed command throws `CommandExecutionError` (after its
 * `executed` event), the deadline throws `BatchTimeoutError`, and an activity that died
 * under the batch throws `ActivityTerminatedError`.
 *
 * @example
 * const batch = await activity.send([{ deploy: {} }, { start: {} }]);
 * for await (const ev of batch) if (ev.kind === "executed") console.log(ev.index, ev.success);
 */
export abstract class Batch implements AsyncIterable<CommandEvent> {
  constructor(protected readonly ctx: BatchContext) {}

  /** The batch id the daemon gave. */
  get id(): string {
    return this.ctx.batchId;
  }

  get activityId(): string {
    return this.ctx.activityId;
  }

  /** Number of commands in the script. */
  get size(): number {
    return this.ctx.script.length;
  }

  /**
   * Seconds until the deadline (Infinity without one; negative once passed).
   *
   * @example
   * if (batch.secondsLeft() < 5) console.warn("batch about to time out");
   */
  secondsLeft(): number {
    return this.ctx.deadline ? (this.ctx.deadline.getTime() - Date.now()) / 1000 : Number.POSITIVE_INFINITY;
  }

  abstract [Symbol.asyncIterator](): AsyncIterator<CommandEvent>;

  /**
   * Runs the batch to its end and returns the `executed` event of each command.
   *
   * @example
   * const [deployed, started] = await (await activity.send(script)).results();
   */
  async results(): Promise<CommandExecuted[]> {
    const out: CommandExecuted[] = [];
    for await (const ev of this) if (ev.kind === "executed") out.push(ev);
    return out;
  }

  /** Milliseconds left before the deadline, throwing BatchTimeoutError once it has passed. */
  protected msLeftOrThrow(): number {
    const left = this.ctx.deadline ? this.ctx.deadline.getTime() - Date.now() : Number.POSITIVE_INFINITY;
    if (left <= 0) throw new BatchTimeoutError(this.ctx.batchId, this.ctx.deadline!);
    return left;
  }

  /**
   * Turns a failed results call into ActivityTerminatedError when the activity is gone
   * (yapapi checks the state the same way); otherwise returns the original error.
   */
  protected async explain(err: unknown): Promise<unknown> {
    if (!(err instanceof ApiError)) return err;
    try {
      const req: RestRequest = { method: "GET", path: pathOf`/activity/${this.ctx.activityId}/state` };
      const res = await this.ctx.client.request(req);
      const { state, reason, errorMessage } = asObject<ActivityState>(res.body, this.ctx.client.site(req), [
        "state",
      ]);
      if (state[0] === "Terminated") {
        return new ActivityTerminatedError(this.ctx.activityId, state[0], reason, errorMessage, {
          cause: err,
        });
      }
    } catch {
      // The state could not be read either: the original error says more.
    }
    return err;
  }
}
