/**
 * Drives one user worker (an async generator) on one activity: hands it tasks the root
 * assigns, sends each batch it yields to the root, and resumes it with the batch's results
 * or throws the batch's error into it at the `yield`. A batch yielded after a caught error
 * runs like any other (yapapi dropped it).
 */
import type {
  CommandResult as CommandResultJson,
  DriverEvent,
  ErrorJson,
} from "../../machines/computation.types.js";
import { errorJson } from "../../machines/reason.js";
import type { JsonValue } from "../json.js";
import type { Task } from "../task.js";
import { batchError, type CommandResult, commandResults } from "./batch-results.js";
import type { Work } from "./steps.js";
import type { WorkContext } from "./work-context.js";

/** The results of a batch, as the worker gets them at its `yield`. */
export type BatchResults = readonly CommandResult[];

/**
 * A worker: for one activity, take tasks and yield batches (`ctx.commit()`); each yield
 * gives back the batch's results.
 *
 * @example
 * const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
 *   for await (const task of tasks) {
 *     ctx.run("/bin/echo", [String(task.data)]);
 *     const [result] = yield ctx.commit();
 *     task.acceptResult(String(result?.stdout).trim());
 *   }
 * };
 */
export type WorkerFunction<D, R> = (
  ctx: WorkContext,
  tasks: AsyncIterable<Task<D, R>>,
) => AsyncGenerator<Work, void, BatchResults>;

/** How a batch ended, as the root told the driver. */
export type BatchOutcome =
  | { kind: "finished"; results: CommandResultJson[] }
  | { kind: "failed"; error: ErrorJson }
  | { kind: "stop" };

type Resume = { kind: "next"; value: BatchResults } | { kind: "throw"; error: unknown } | { kind: "stop" };

/**
 * One running worker.
 *
 * @example
 * const runner = new WorkerRunner(ctx, worker, (e) => actor.send(e), false);
 * runner.start();
 */
export class WorkerRunner<D, R> {
  #taskWaiter: ((r: IteratorResult<Task<D, R>>) => void) | undefined;
  #batch: { batchId: string; resolve(outcome: BatchOutcome): void } | undefined;
  #tasksEnded = false;
  #stopped = false;
  #batches = 0;

  constructor(
    readonly ctx: WorkContext,
    private readonly worker: WorkerFunction<D, R>,
    private readonly send: (event: DriverEvent) => void,
    private readonly stream: boolean,
  ) {}

  get id(): string {
    return this.ctx.id;
  }

  start(): Promise<void> {
    return this.#loop();
  }

  /** The root gave this worker a task (already bound to report its verdict). */
  deliverTask(task: Task<D, R>): void {
    const waiter = this.#taskWaiter;
    this.#taskWaiter = undefined;
    waiter?.({ value: task, done: false });
  }

  /** No task will come any more: the worker's task iterator ends. */
  endTasks(): void {
    this.#tasksEnded = true;
    const waiter = this.#taskWaiter;
    this.#taskWaiter = undefined;
    waiter?.({ value: undefined, done: true });
  }

  batchOutcome(batchId: string, outcome: BatchOutcome): void {
    if (this.#batch?.batchId !== batchId) return;
    const { resolve } = this.#batch;
    this.#batch = undefined;
    resolve(outcome);
  }

  /** The root stops the worker: no more tasks, and the generator is closed at its next yield. */
  stop(): void {
    this.#stopped = true;
    this.endTasks();
    if (this.#batch) this.batchOutcome(this.#batch.batchId, { kind: "stop" });
  }

  #tasks(): AsyncIterable<Task<D, R>> {
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          if (this.#tasksEnded) return Promise.resolve({ value: undefined, done: true });
          return new Promise<IteratorResult<Task<D, R>>>((resolve) => {
            this.#taskWaiter = resolve;
            this.send({ type: "worker.taskRequest", workerId: this.id });
          });
        },
      }),
    };
  }

  async #loop(): Promise<void> {
    const gen = this.worker(this.ctx, this.#tasks());
    let resume: Resume = { kind: "next", value: [] };
    try {
      for (;;) {
        const step =
          resume.kind === "throw"
            ? await gen.throw(resume.error)
            : await gen.next(resume.kind === "next" ? resume.value : []);
        if (step.done) break;
        resume = await this.#run(step.value);
        if (resume.kind === "stop") {
          await gen.return(undefined);
          break;
        }
      }
      this.send({ type: "worker.finished", workerId: this.id });
    } catch (err) {
      this.send({ type: "worker.failed", workerId: this.id, error: errorJson(err) });
    }
  }

  async #run(work: Work): Promise<Resume> {
    if (this.#stopped) return { kind: "stop" };
    const commands: JsonValue[] = [];
    try {
      await work.prepare();
      work.register(commands);
    } catch (error) {
      return { kind: "throw", error };
    }
    const batchId = `${this.id}/${++this.#batches}`;
    const outcome =
      commands.length === 0
        ? ({ kind: "finished", results: [] } as const)
        : await new Promise<BatchOutcome>((resolve) => {
            this.#batch = { batchId, resolve };
            const batch = {
              type: "worker.batch" as const,
              workerId: this.id,
              batchId,
              commands,
              stream: this.stream,
            };
            this.send(work.timeoutMs === undefined ? batch : { ...batch, timeoutMs: work.timeoutMs });
          });
    if (outcome.kind === "stop") return outcome;
    if (outcome.kind === "failed") return { kind: "throw", error: batchError(outcome.error, batchId) };
    try {
      await work.post();
    } catch (error) {
      return { kind: "throw", error };
    }
    if (commands.length > 0) this.send({ type: "worker.batchPosted", workerId: this.id, batchId });
    return { kind: "next", value: commandResults(outcome.results) };
  }
}
