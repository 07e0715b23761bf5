import { TaskStateError } from "./errors.js";
import { createEvent } from "./events/create.js";
import type { TaskAccepted, TaskRejected } from "./events/work-events.js";

/**
 * Where a task stands: waiting in the queue (also after a retry), running on a worker, or
 * done with its result accepted or rejected for good.
 */
export type TaskStatus = "WAITING" | "RUNNING" | "ACCEPTED" | "REJECTED";

/** Where a task sends the `TaskAccepted` / `TaskRejected` events of its worker's verdicts. */
export type TaskEventSink = (event: TaskAccepted | TaskRejected) => void;

/**
 * How a running task reports its worker's verdict to whatever runs it (a queue, a machine).
 * `rejected` answers whether the task will be retried (it goes back to WAITING) or not
 * (REJECTED for good, e.g. because its retries are used up).
 */
export interface TaskBinding<D, R> {
  accepted(task: Task<D, R>): void;
  rejected(task: Task<D, R>, retry: boolean): boolean;
  readonly emit?: TaskEventSink;
}

/** Options of `Task`. */
export interface TaskOptions {
  /** The clock for `runningTime`, in ms; default `Date.now`. */
  readonly clock?: () => number;
}

let lastTaskId = 0;

/**
 * One unit of work (e.g. one frame to render), with yapapi's lifecycle: WAITING until a
 * worker takes it (`start`, done by the executor), then RUNNING until the worker accepts its
 * result (ACCEPTED) or rejects it (REJECTED, or back to WAITING when retried). Ids come from
 * one process-wide counter, "1", "2", ..., as in yapapi. Unlike yapapi, accepting or
 * rejecting a task that is not running throws before any event is emitted, and a retried
 * task is WAITING, not REJECTED, while it waits.
 *
 * @example
 * const tasks = frames.map((frame) => new Task<number, string>(frame));
 * // in a worker:
 * for await (const task of taskIterator) {
 *   ctx.run("/golem/entrypoints/render.sh", String(task.data));
 *   yield ctx.commit();
 *   task.acceptResult(`frame_${task.data}.png`);
 * }
 */
export class Task<D = unknown, R = unknown> {
  readonly id: string;
  readonly data: D;
  readonly #clock: () => number;
  #status: TaskStatus = "WAITING";
  #result: R | undefined;
  #reason: string | null = null;
  #retries = 0;
  #started: number | null = null;
  #finished: number | null = null;
  #binding: TaskBinding<D, R> | null = null;
  // Made on the first onChange: a computation may hold 100 000 tasks that nobody listens to.
  #listeners: Set<(task: Task<D, R>) => void> | null = null;

  constructor(data: D, options: TaskOptions = {}) {
    lastTaskId += 1;
    this.id = String(lastTaskId);
    this.data = data;
    this.#clock = options.clock ?? Date.now;
  }

  get status(): TaskStatus {
    return this.#status;
  }

  /** The accepted result; undefined until then. */
  get result(): R | undefined {
    return this.#result;
  }

  /** The reason of the last rejection, or of giving up; null if none. */
  get rejectReason(): string | null {
    return this.#reason;
  }

  /** How many times the task went back to wait for another try. */
  get retries(): number {
    return this.#retries;
  }

  /**
   * Milliseconds the current (or last) run took: until now while running, until its end
   * after; null before the first start. A retry restarts the clock, as in yapapi.
   *
   * @example
   * console.log(`task ${task.id} took ${task.runningTime} ms`);
   */
  get runningTime(): number | null {
    if (this.#started === null) return null;
    return (this.#finished ?? this.#clock()) - this.#started;
  }

  /**
   * Hands the task to a worker (for executors): WAITING → RUNNING, reporting verdicts to
   * `binding`. Throws `TaskStateError` unless the task is WAITING.
   *
   * @example
   * task.start({ accepted: () => queue.markDone(h), rejected: (_t, retry) => retry && queue.reschedule(h) });
   */
  start(binding: TaskBinding<D, R>): void {
    if (this.#status !== "WAITING") throw new TaskStateError(this.id, this.#status, "Started", "WAITING");
    this.#binding = binding;
    this.#started = this.#clock();
    this.#finished = null;
    this.#change("RUNNING");
  }

  /**
   * Accepts the result: the task is done and will be among the computation's results.
   * Emits `TaskAccepted`; throws `TaskStateError` ("Accepted task not running") unless RUNNING.
   *
   * @example
   * task.acceptResult("output_0.png");
   */
  acceptResult(result?: R): void {
    const binding = this.#stop("Accepted");
    binding.emit?.(createEvent("TaskAccepted", { taskId: this.id, result }));
    this.#result = result;
    this.#status = "ACCEPTED";
    binding.accepted(this);
    this.#notify();
  }

  /**
   * Rejects the result: with `retry`, the task goes back to wait for another run (unless its
   * retries are used up); without, it is dropped and never among the results (yapapi's
   * behaviour). Emits `TaskRejected`; throws `TaskStateError` unless RUNNING.
   *
   * @example
   * task.rejectResult("the frame is black", true);
   */
  rejectResult(reason: string | null = null, retry = false): void {
    const binding = this.#stop("Rejected");
    binding.emit?.(createEvent("TaskRejected", { taskId: this.id, reason }));
    this.#reason = reason;
    this.#status = "REJECTED";
    if (binding.rejected(this, retry)) {
      this.#retries += 1;
      this.#status = "WAITING";
    }
    this.#notify();
  }

  /**
   * Puts a running task back to wait, without a verdict (for executors: its worker ended
   * before deciding). Does nothing unless RUNNING.
   *
   * @example
   * task.requeue();
   */
  requeue(): void {
    if (this.#status !== "RUNNING") return;
    this.#stop("Requeued");
    this.#retries += 1;
    this.#change("WAITING");
  }

  /**
   * Drops a task for good (for executors: e.g. its retries are used up after its workers
   * kept failing): REJECTED with `reason`, emitting `TaskRejected` through its last binding.
   * Does nothing if the task already has its outcome.
   *
   * @example
   * task.giveUp("gave up after 3 retries");
   */
  giveUp(reason: string, emit?: TaskEventSink): void {
    if (this.#status === "ACCEPTED" || this.#status === "REJECTED") return;
    const sink = emit ?? this.#binding?.emit;
    if (this.#status === "RUNNING") this.#stop("Given up");
    sink?.(createEvent("TaskRejected", { taskId: this.id, reason }));
    this.#reason = reason;
    this.#change("REJECTED");
  }

  /**
   * Calls `listener` after every status change; returns a function that removes it.
   *
   * @example
   * const off = task.onChange((t) => { if (t.status === "ACCEPTED") results.push(t); });
   */
  onChange(listener: (task: Task<D, R>) => void): () => void {
    this.#listeners ??= new Set();
    const listeners = this.#listeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * yapapi's `repr`.
   *
   * @example
   * String(new Task(7)); // "Task(id=12, data=7)"
   */
  toString(): string {
    return `Task(id=${this.id}, data=${typeof this.data === "string" ? this.data : JSON.stringify(this.data)})`;
  }

  #stop(action: string): TaskBinding<D, R> {
    const binding = this.#binding;
    if (this.#status !== "RUNNING" || binding === null)
      throw new TaskStateError(this.id, this.#status, action);
    this.#binding = null;
    this.#finished = this.#clock();
    return binding;
  }

  #change(status: TaskStatus): void {
    this.#status = status;
    this.#notify();
  }

  #notify(): void {
    if (this.#listeners) for (const listener of [...this.#listeners]) listener(this);
  }
}
