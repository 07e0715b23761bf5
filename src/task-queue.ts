import type { QueueHandle } from "./queue-consumer.js";
import { SmartQueue } from "./smart-queue.js";
import type { Task, TaskEventSink } from "./task.js";

/** Options of `createTaskQueue`. */
export interface TaskQueueOptions {
  /** How many times a task may be retried (see `SmartQueue`); default 3. */
  readonly maxRetries?: number;
  /** Where the tasks send `TaskAccepted` / `TaskRejected`. */
  readonly emit?: TaskEventSink;
}

/**
 * A `SmartQueue` of tasks whose tasks follow their queue handles: a task taken by a consumer
 * is started (RUNNING) and reports its verdict to the queue (accepted: done; rejected with
 * retry: rescheduled, or given up once its retries are used up; rejected without: done); a
 * task whose consumer closes before a verdict goes back to WAITING, or is given up
 * (REJECTED, with a `TaskRejected` event) when that used up its retries. This is yapapi's
 * `Task.for_handle` glue, done once for the whole queue.
 *
 * @example
 * const queue = createTaskQueue(tasks, { maxRetries: 3, emit: (e) => wrapper.asyncCall(e) });
 * const consumer = queue.newConsumer();
 * for await (const handle of consumer) yieldToWorker(handle.item); // a RUNNING Task
 */
export function createTaskQueue<D, R>(
  tasks: Iterable<Task<D, R>> | AsyncIterable<Task<D, R>>,
  options: TaskQueueOptions = {},
): SmartQueue<Task<D, R>> {
  const { emit } = options;
  const follow = (handle: QueueHandle<Task<D, R>>): void => {
    const task = handle.item;
    switch (handle.state) {
      case "in-progress":
        task.start({
          accepted: () => queue.markDone(handle),
          rejected: (_task, retry) => {
            if (retry) return queue.reschedule(handle);
            queue.markDone(handle);
            return false;
          },
          emit,
        });
        break;
      case "rescheduled":
        task.requeue();
        break;
      case "gave-up":
        task.giveUp(`gave up after ${queue.maxRetries} retries: its worker ended without a result`, emit);
        break;
      case "done":
        break;
    }
  };
  const queue = new SmartQueue(tasks, { maxRetries: options.maxRetries, onChange: follow });
  return queue;
}
