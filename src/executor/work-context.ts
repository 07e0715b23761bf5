/**
 * What a worker function gets for one activity on one provider: a builder of batches. Each
 * call adds a step; `commit()` turns the steps so far into one `Work` to yield.
 */
import { type JsonValue, toJsonValue } from "../json.js";
import type { StorageProvider } from "../storage/index.js";
import { DownloadFile, type DownloadReporter, Run, SendFile, SendJson, Steps, type Work } from "./steps.js";

/** Who a worker runs on. */
export interface WorkerInfo {
  /** `worker-<n>`. */
  id: string;
  providerId: string;
  providerName: string;
  agreementId: string;
  activityId: string;
}

/** Options of `WorkContext`. */
export interface WorkContextOptions {
  /** Where uploads and downloads go (gftp), made on first use. */
  storage: () => Promise<StorageProvider>;
  /** Whether `run` output is streamed (CommandStdOut/StdErr events) or captured at the end. */
  streamOutput: boolean;
  onDownload: DownloadReporter;
}

/**
 * A worker's view of its activity (yapapi's `WorkContext`).
 *
 * @example
 * async function* worker(ctx: WorkContext, tasks: AsyncIterable<Task<number, string>>) {
 *   for await (const task of tasks) {
 *     ctx.sendJson("/golem/input/params.json", { frame: task.data });
 *     ctx.run("/bin/sh", ["-c", "cat /golem/input/params.json"], { env: { MODE: "fast" } });
 *     const [, result] = yield ctx.commit({ timeoutMs: 120_000 });
 *     task.acceptResult(String(result?.stdout));
 *   }
 * }
 */
export class WorkContext {
  #pending: Work[] = [];

  constructor(
    readonly info: WorkerInfo,
    private readonly opts: WorkContextOptions,
  ) {}

  /** `worker-<n>`. */
  get id(): string {
    return this.info.id;
  }

  get providerName(): string {
    return this.info.providerName;
  }

  /**
   * Sends `data` as JSON to `path` in the container.
   *
   * @example
   * ctx.sendJson("/golem/input/task.json", { start: 0, end: 1000 });
   */
  sendJson(path: string, data: unknown): void {
    this.#pending.push(new SendJson(this.opts.storage, toJsonValue(data), path));
  }

  /**
   * Sends a local file to `dst` in the container.
   *
   * @example
   * ctx.sendFile("./scene.blend", "/golem/resource/scene.blend");
   */
  sendFile(src: string, dst: string): void {
    this.#pending.push(new SendFile(this.opts.storage, src, dst));
  }

  /**
   * Runs a command in the container, with its environment.
   *
   * @example
   * ctx.run("/golem/entrypoints/run.sh", ["--frame", "3"], { env: { THREADS: "4" } });
   */
  run(cmd: string, args: readonly string[] = [], opts: { env?: Record<string, string> } = {}): void {
    this.#pending.push(new Run(cmd, args, opts.env, this.opts.streamOutput));
  }

  /**
   * Downloads `src` from the container to the local `dst` once the batch ran.
   *
   * @example
   * ctx.downloadFile("/golem/output/out.png", "./out/frame-3.png");
   */
  downloadFile(src: string, dst: string): void {
    this.#pending.push(new DownloadFile(this.opts.storage, src, dst, this.opts.onDownload));
  }

  /**
   * The steps added since the last commit, as one batch to yield; `timeoutMs` is its deadline.
   *
   * @example
   * const results = yield ctx.commit({ timeoutMs: 60_000 });
   */
  commit(opts: { timeoutMs?: number } = {}): Work {
    const steps = this.#pending;
    this.#pending = [];
    return new Steps(steps, opts.timeoutMs);
  }

  toJSON(): JsonValue {
    return { id: this.id, providerName: this.providerName };
  }
}
