/**
 * The user's tasks, read lazily: the root asks for a few at a time (`driver.needTasks`) so
 * that a computation of 100 000 tasks keeps only a window of them in its actors.
 */
import type { DriverEvent } from "../../machines/computation.types.js";
import { errorJson } from "../../machines/reason.js";
import { type JsonValue, toJsonValue } from "../json.js";
import { Task } from "../task.js";

/**
 * Reads tasks from a sync or async iterable and hands them to the root as `tasks.add`,
 * then `tasks.inputEnded` (or `tasks.inputFailed` when the iterable throws).
 *
 * @example
 * const input = new TaskInput(tasks, byId, (event) => actor.send(event));
 * await input.read(4);
 */
export class TaskInput<D, R> {
  #iterator: Iterator<Task<D, R>> | AsyncIterator<Task<D, R>> | undefined;
  /** An async source's `next()` that was not ready when a read handed over what it had. */
  #pending: Promise<IteratorResult<Task<D, R>>> | undefined;

  constructor(
    private readonly data: Iterable<Task<D, R>> | AsyncIterable<Task<D, R>>,
    /** Where the tasks read are kept by id, for the driver. */
    private readonly tasks: Map<string, Task<D, R>>,
    private readonly send: (event: DriverEvent) => void,
  ) {}

  /**
   * Reads up to `count` tasks and hands them over. From an async source it waits for the
   * first one only: a source that yields a task and then waits (for a result, a queue, a
   * user) gets that task worked on instead of holding it until `count` are there.
   */
  async read(count: number): Promise<void> {
    const added: { taskId: string; data: JsonValue }[] = [];
    try {
      const isAsync = Symbol.asyncIterator in this.data;
      this.#iterator ??= isAsync
        ? (this.data as AsyncIterable<Task<D, R>>)[Symbol.asyncIterator]()
        : (this.data as Iterable<Task<D, R>>)[Symbol.iterator]();
      while (added.length < count) {
        const pending = this.#pending ?? this.#iterator.next();
        this.#pending = undefined;
        let next: IteratorResult<Task<D, R>>;
        if (isAsync && added.length > 0) {
          const ready = await Promise.race([pending, nextTurn()]);
          if (ready === NOT_YET) {
            this.#pending = Promise.resolve(pending);
            break;
          }
          next = ready;
        } else {
          next = await pending;
        }
        if (next.done) {
          this.send(
            added.length > 0
              ? { type: "tasks.add", tasks: added, inputEnded: true }
              : { type: "tasks.inputEnded" },
          );
          return;
        }
        const task = next.value;
        if (!(task instanceof Task))
          throw new TypeError(`tasks: expected Task items (new Task(data)), got ${String(task)}`);
        this.tasks.set(task.id, task);
        added.push({ taskId: task.id, data: toJsonValue(task.data) });
      }
      this.#add(added);
    } catch (err) {
      this.#add(added);
      this.send({ type: "tasks.inputFailed", error: errorJson(err) });
    }
  }

  #add(tasks: { taskId: string; data: JsonValue }[]): void {
    if (tasks.length > 0) this.send({ type: "tasks.add", tasks });
  }
}

const NOT_YET = Symbol("not yet");

/** Resolves after the pending I/O callbacks: a source's `next()` that is ready wins the race. */
function nextTurn(): Promise<typeof NOT_YET> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_YET)));
}
