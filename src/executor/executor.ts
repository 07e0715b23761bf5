/**
 * yapapi's `Executor` in TypeScript: `submit(worker, tasks)` runs a computation as a tree
 * of XState actors and yields the accepted tasks in completion order; disposal (or
 * `shutdown()`) always winds every computation down in order.
 */
import { randomUUID } from "node:crypto";
import type { Decimal } from "decimal.js";
import type { InspectionEvent } from "xstate";
import type { ChildTimeouts, ComputationTimeouts } from "../../machines/computation.types.js";
import { Configuration, createYagnaApi, type YagnaApiOptions } from "../../services/index.js";
import type { Package } from "../demand-decorator.js";
import type { ComputationEvent } from "../events/types.js";
import { ExecutorInspection } from "../inspect/executor-inspection.js";
import type { Inspector } from "../inspect/inspector.js";
import type { InspectOption } from "../inspect/options.js";
import { logEventRepr } from "../log/event-log.js";
import { GftpStorage, type StorageProvider } from "../storage/index.js";
import { defaultMarketStrategy } from "../strategy/decrease-score.js";
import type { MarketStrategy } from "../strategy/market-strategy.js";
import type { Task } from "../task.js";
import { commandEventOf } from "./batch-results.js";
import { bindComputation } from "./bind.js";
import { ComputationRun } from "./computation-run.js";
import { failureOf } from "./errors.js";
import { AgreementHistory } from "./negotiator.js";
import { checkBudget, checkExecutorOptions, checkSubmit } from "./validate.js";
import type { WorkerFunction } from "./worker-runner.js";

/** yapapi's default computation timeout (0.5.1+). */
export const DEFAULT_EXECUTOR_TIMEOUT_MS = 15 * 60_000;

/**
 * How long the daemon may hold each of the executor's long polls (offers, agreement,
 * debit-note and invoice events), ms. Events come back as soon as they exist, so a long
 * hold costs no latency; it only spares an idle computation most of its requests.
 */
export const DEFAULT_POLL_TIMEOUT_MS = 20_000;
export const DEFAULT_DRIVER = "erc20";
export const DEFAULT_NETWORK = "holesky";

export interface ExecutorOptions {
  /** What the tasks run in (a VM image). */
  package: Package;
  /** The most the executor may spend, in the payment platform's token. */
  budget: number | string | Decimal;
  /** Activities at once. Default 5. */
  maxWorkers?: number;
  /** Deadline of each computation, from its start, ms. Default 15 min. */
  timeoutMs?: number;
  /** Default: least expensive with yapapi's caps, halving providers that did not approve. */
  strategy?: MarketStrategy;
  subnetTag?: string | null;
  /** Payment driver. Default "erc20". */
  driver?: string;
  /** Payment network. Default "holesky". */
  network?: string;
  /**
   * Gets every event of the log, in order, through a queue (it never holds the computation
   * up). Default: `logEventRepr` (debug entries on the `yatsapi.events` logger).
   */
  eventConsumer?: (event: ComputationEvent) => unknown;
  /** Stream command output (CommandStdOut/StdErr events) instead of capturing it at the end. */
  streamOutput?: boolean;
  /** The daemon's URL and app key; default YAGNA_API_URL / YAGNA_APPKEY. */
  apiConfig?: YagnaApiOptions;
  /** Retries of a task rejected with retry. Default 3. */
  maxRetries?: number;
  /**
   * The root machine's named delays (shutdown waits, warnings). `computationTimeoutMs`
   * defaults to `timeoutMs`; set apart, it ends the computation sooner than the demand
   * expires (providers refuse demands expiring in less than 5 minutes).
   */
  timeouts?: Partial<ComputationTimeouts>;
  /** Timings of agreements, activities and payments. */
  childTimeouts?: ChildTimeouts;
  /** How long the daemon may hold each long poll, ms. Default {@link DEFAULT_POLL_TIMEOUT_MS}. */
  pollTimeoutMs?: number;
  /** The gftp command for file transfers. Default `gftp server` from PATH (on the devnet, yatsapi's bin/gftp when PATH has none). */
  gftpCommand?: readonly string[];
  /**
   * Inspection of every computation's actor system. `true` or `{ port, host, record }`
   * serves the live viewer on 127.0.0.1 (the URL is logged; `record` also writes the run to
   * a `.jsonl` file for `yatsapi viz`); `"stately"` hands the actors to the optional
   * `@statelyai/inspect`; a function gets xstate's raw inspection events (coverage). Without
   * it, `YATSAPI_INSPECT=1` (and `YATSAPI_INSPECT_PORT`, `YATSAPI_INSPECT_RECORD`) turn the
   * viewer on.
   */
  inspect?: InspectOption;
}

/**
 * Runs tasks on providers.
 *
 * @example
 * await using executor = new Executor({ package: pkg, budget: "1.0", subnetTag: "public" });
 * for await (const task of executor.submit(worker, [1, 2, 3].map((n) => new Task(n)))) {
 *   console.log(task.id, task.result);
 * }
 */
export class Executor {
  readonly driver: string;
  readonly network: string;
  readonly strategy: MarketStrategy;
  readonly #opts: ExecutorOptions;
  readonly #config: Configuration;
  readonly #budget: string;
  readonly #active = new Set<ComputationRun<unknown, unknown>>();
  readonly #inspection: ExecutorInspection;
  #closed = false;

  constructor(opts: ExecutorOptions) {
    checkExecutorOptions(opts);
    this.#opts = opts;
    this.driver = (opts.driver ?? DEFAULT_DRIVER).toLowerCase();
    this.network = (opts.network ?? DEFAULT_NETWORK).toLowerCase();
    this.strategy = opts.strategy ?? defaultMarketStrategy();
    // A missing app key fails here, as in yapapi.
    this.#config = new Configuration(opts.apiConfig);
    this.#budget = checkBudget(opts.budget);
    this.#inspection = new ExecutorInspection(opts.inspect, this.#config.appKey);
  }

  /**
   * The live inspector, when inspection is on (`inspect: true`, options, `"stately"` or
   * YATSAPI_INSPECT): `await executor.inspector.ready` gives the viewer's URL.
   *
   * @example
   * const url = await executor.inspector?.ready; // "http://127.0.0.1:40123/"
   */
  get inspector(): Inspector | undefined {
    return this.#inspection.inspector;
  }

  /**
   * Runs `worker` over `data` and yields each task once its result is accepted. Breaking out
   * of the loop (or throwing in it) cancels the computation and waits for its shutdown. A
   * failed computation throws after its shutdown (NoPaymentAccountError,
   * ComputationFailedError). Bad arguments throw a TypeError at the call.
   *
   * @example
   * for await (const task of executor.submit(worker, tasks)) results.push(task.result);
   */
  submit<D, R>(
    worker: WorkerFunction<D, R>,
    data: Iterable<Task<D, R>> | AsyncIterable<Task<D, R>>,
  ): AsyncGenerator<Task<D, R>, void, undefined> {
    checkSubmit(worker, data);
    return this.#submit(worker, data);
  }

  async *#submit<D, R>(
    worker: WorkerFunction<D, R>,
    data: Iterable<Task<D, R>> | AsyncIterable<Task<D, R>>,
  ): AsyncGenerator<Task<D, R>, void, undefined> {
    if (this.#closed) throw new Error("The executor has shut down");
    const inspect = await this.#inspection.observer();
    const run = this.#start(worker, data, inspect);
    try {
      yield* run.accepted();
    } finally {
      run.cancel("submit() was closed before the computation ended");
      await run.finished;
      this.#active.delete(run as ComputationRun<unknown, unknown>);
      await this.#inspection.runEnded();
    }
    const output = await run.finished;
    if (output.outcome === "failed") throw failureOf(output, this.driver, this.network);
  }

  /**
   * Cancels every running computation and waits until each has shut down (agreements
   * terminated, invoices paid, allocations released, events delivered).
   *
   * @example
   * await executor.shutdown();
   */
  async shutdown(): Promise<void> {
    this.#closed = true;
    const runs = [...this.#active];
    for (const run of runs) run.cancel("the executor is shutting down");
    await Promise.all(runs.map((r) => r.finished));
    await this.#inspection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  #start<D, R>(
    worker: WorkerFunction<D, R>,
    data: Iterable<Task<D, R>> | AsyncIterable<Task<D, R>>,
    inspect: ((event: InspectionEvent) => void) | undefined,
  ): ComputationRun<D, R> {
    const opts = this.#opts;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_EXECUTOR_TIMEOUT_MS;
    const api = createYagnaApi({ ...opts.apiConfig, appKey: this.#config.appKey, url: this.#config.url });
    const history = new AgreementHistory();
    const expiresAt = Date.now() + timeoutMs;
    const appSessionId = randomUUID();
    let storage: StorageProvider | undefined;
    let run: ComputationRun<D, R> | undefined;
    const machine = bindComputation({
      api,
      package: opts.package,
      strategy: this.strategy,
      history,
      subnetTag: opts.subnetTag ?? null,
      expiresAt,
      appSessionId,
      onCommandEvent: (e) => run?.send(commandEventOf(e)),
      pollTimeoutMs: opts.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
    });
    run = new ComputationRun<D, R>({
      machine,
      input: {
        budget: this.#budget,
        driver: this.driver,
        network: this.network,
        maxWorkers: opts.maxWorkers ?? 5,
        expiresAt,
        subnetTag: opts.subnetTag ?? null,
        appSessionId,
        ...(opts.maxRetries === undefined ? {} : { maxRetries: opts.maxRetries }),
        timeouts: { computationTimeoutMs: timeoutMs, ...opts.timeouts },
        ...(opts.childTimeouts ? { childTimeouts: opts.childTimeouts } : {}),
      },
      worker,
      data,
      consumer: opts.eventConsumer ?? logEventRepr,
      history,
      storage: async () =>
        (storage ??= new GftpStorage({
          ...(opts.gftpCommand ? { command: opts.gftpCommand } : {}),
          env: { ...process.env, YAGNA_API_URL: this.#config.url, YAGNA_APPKEY: this.#config.appKey },
        })),
      streamOutput: opts.streamOutput ?? false,
      ...(inspect ? { inspect } : {}),
      cleanup: async () => {
        await storage?.close();
        await api.close();
      },
    });
    this.#active.add(run as ComputationRun<unknown, unknown>);
    run.start();
    return run;
  }
}
