import { asObject, asString } from "../http/guards.js";
import { pathOf, type RestClient, type RestRequest } from "../http/rest-client.js";
import type { Batch, BatchContext } from "./batch.js";
import { PollingBatch } from "./polling-batch.js";
import { StreamingBatch } from "./streaming-batch.js";
import type { ActivityState, ActivityUsage, ExeScriptCommand } from "./types.js";

/** Options of `Activity.send`. */
export interface SendOptions {
  /** Follow the batch over Server-Sent Events (output chunks as they come) instead of polling. */
  stream?: boolean;
  /** The batch fails with BatchTimeoutError if it has not finished by then. */
  deadline?: Date;
  /** Aborts following the batch (the commands keep running on the provider). */
  signal?: AbortSignal;
  /** Longest single long poll for results, ms. Default 30 000. */
  pollWindowMs?: number;
}

/**
 * One activity (an exe-unit on the provider) under an agreement: send scripts, read its
 * state and usage, destroy it when done.
 *
 * @example
 * const activity = await activityService.newActivity(agreement.id);
 * try {
 *   await (await activity.send([{ deploy: {} }, { start: {} }])).results();
 * } finally {
 *   await activity.destroy();
 * }
 */
export class Activity {
  constructor(
    readonly client: RestClient,
    readonly id: string,
  ) {}

  /**
   * The exe-unit's state, `[current, next | null]`.
   *
   * @example
   * const { state: [current] } = await activity.state(); // "Ready"
   */
  async state(): Promise<ActivityState> {
    const req: RestRequest = { method: "GET", path: pathOf`/activity/${this.id}/state` };
    const res = await this.client.request(req);
    return asObject<ActivityState>(res.body, this.client.site(req), ["state"]);
  }

  /**
   * Usage counters, in the order of the offer's `golem.com.usage.vector`.
   *
   * @example
   * const { currentUsage } = await activity.usage(); // e.g. [cpuSec, durationSec]
   */
  async usage(): Promise<ActivityUsage> {
    const req: RestRequest = { method: "GET", path: pathOf`/activity/${this.id}/usage` };
    const res = await this.client.request(req);
    return asObject<ActivityUsage>(res.body, this.client.site(req), ["timestamp"]);
  }

  /**
   * The agreement this activity runs under.
   *
   * @example
   * const agreementId = await activity.agreementId();
   */
  async agreementId(): Promise<string> {
    const req: RestRequest = { method: "GET", path: pathOf`/activity/${this.id}/agreement` };
    const res = await this.client.request(req);
    return asString(res.body, this.client.site(req));
  }

  /**
   * Sends a script (`POST /exec`) and returns the batch that follows it. Polling costs one
   * long poll per batch that ends within the poll window; streaming gives output as it is
   * written.
   *
   * @example
   * const batch = await activity.send(
   *   [{ run: { entry_point: "/bin/sh", args: ["-c", "echo hi"], capture: { stdout: { stream: {} } } } }],
   *   { stream: true, deadline: new Date(Date.now() + 60_000) },
   * );
   */
  async send(script: ExeScriptCommand[], opts: SendOptions = {}): Promise<Batch> {
    const req: RestRequest = {
      method: "POST",
      path: pathOf`/activity/${this.id}/exec`,
      body: { text: JSON.stringify(script) },
      signal: opts.signal,
    };
    const res = await this.client.request(req);
    const ctx: BatchContext = {
      client: this.client,
      activityId: this.id,
      batchId: asString(res.body, this.client.site(req)),
      script,
      deadline: opts.deadline,
      signal: opts.signal,
      pollWindowMs: opts.pollWindowMs ?? 30_000,
    };
    return opts.stream ? new StreamingBatch(ctx) : new PollingBatch(ctx);
  }

  /**
   * Destroys the activity (the exe-unit stops), waiting up to `timeoutMs` for the provider.
   *
   * @example
   * await activity.destroy();
   */
  async destroy(opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    await this.client.request({
      method: "DELETE",
      path: pathOf`/activity/${this.id}`,
      query: { timeout: timeoutMs / 1000 },
      longPollMs: timeoutMs,
    });
  }
}
