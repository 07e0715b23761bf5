/**
 * The root's task bookkeeping: the queue, which worker holds which task, and the window of
 * tasks asked of src/ (the input is read lazily, so only a few tasks exist at a time).
 */
import type { ComputationContext, ComputationMachineEvent, WorkerInfo } from "../computation.types.js";
import { childId, type Work } from "./work.js";

type Ev<T extends ComputationMachineEvent["type"]> = Extract<ComputationMachineEvent, { type: T }>;

/** How many queued tasks the root keeps per possible worker before asking for more. */
export const TASKS_PER_WORKER = 2;

/**
 * New tasks from the input: one task actor each, queued in order.
 *
 * @example
 * on: { "tasks.add": { actions: step("tasks.add", addTasks) } }
 */
export function addTasks(w: Work, event: Ev<"tasks.add">): void {
  const tasks = { ...w.ctx.tasks };
  const queue = [...w.ctx.queue];
  for (const { taskId, data } of event.tasks) {
    if (tasks[taskId]) continue;
    tasks[taskId] = { taskId, data, started: false, failedOn: [] };
    queue.push(taskId);
    const input = w.ctx.maxRetries === undefined ? { taskId } : { taskId, maxRetries: w.ctx.maxRetries };
    w.spawn({ kind: "spawnTask", id: childId.task(taskId), input });
  }
  w.set("tasks", tasks);
  w.set("queue", queue);
  w.set("tasksRequested", false);
  if (event.inputEnded) w.set("inputEnded", true);
  w.changed();
}

/**
 * The input has no more tasks.
 *
 * @example
 * on: { "tasks.inputEnded": { actions: step("tasks.inputEnded", endInput) } }
 */
export function endInput(w: Work): void {
  w.set("inputEnded", true);
  w.set("tasksRequested", false);
  w.changed();
}

/**
 * Asks src/ for more input while the queue is short (one request at a time).
 *
 * @example
 * entry: step(requestTasks) // emits { type: "driver.needTasks", count: 4 }
 */
export function requestTasks(w: Work): void {
  const { ctx } = w;
  const want = Math.max(4, ctx.maxWorkers * TASKS_PER_WORKER) - ctx.queue.length;
  if (ctx.inputEnded || ctx.tasksRequested || want <= 0) return;
  w.set("tasksRequested", true);
  w.emit({ type: "driver.needTasks", count: want });
}

/**
 * The first queued task this worker may take. A task that failed on the worker's provider
 * waits for a worker elsewhere, unless no other provider is at work or negotiating: then
 * it goes to this one rather than stall (yapapi's SmartQueue stalled there, #890).
 *
 * @example
 * const taskId = pickTask(w.ctx, worker); // undefined: the worker waits
 */
export function pickTask(ctx: ComputationContext, worker: WorkerInfo): string | undefined {
  const others = new Set<string>();
  for (const x of Object.values(ctx.workers)) if (x.phase !== "stopping") others.add(x.providerId);
  for (const a of Object.values(ctx.agreements)) if (a.phase !== "ending") others.add(a.draft.providerId);
  others.delete(worker.providerId);
  return ctx.queue.find((id) => {
    const failedOn = ctx.tasks[id]?.failedOn ?? [];
    return !failedOn.includes(worker.providerId) || [...others].every((p) => failedOn.includes(p));
  });
}

/**
 * Hands the worker a task if one fits; true when it got one.
 *
 * @example
 * if (worker.waiting) assignTask(w, worker);
 */
export function assignTask(w: Work, worker: WorkerInfo): boolean {
  const taskId = pickTask(w.ctx, worker);
  if (taskId === undefined) return false;
  w.set(
    "queue",
    w.ctx.queue.filter((id) => id !== taskId),
  );
  w.setTask(taskId, { workerId: worker.workerId, started: false });
  w.setWorker(worker.workerId, { taskIds: [...worker.taskIds, taskId], waiting: false });
  w.send(childId.task(taskId), { type: "task.assign", workerId: worker.workerId });
  w.emit({ type: "driver.taskAssigned", workerId: worker.workerId, taskId });
  return true;
}

/**
 * A worker asks for a task; `dispatch` gives it one when one fits.
 *
 * @example
 * on: { "worker.taskRequest": { actions: step("worker.taskRequest", requestTask) } }
 */
export function requestTask(w: Work, event: Ev<"worker.taskRequest">): void {
  if (!w.ctx.workers[event.workerId]) {
    w.emit({ type: "driver.noMoreTasks", workerId: event.workerId });
    return;
  }
  w.setWorker(event.workerId, { waiting: true });
  w.changed();
}

/**
 * Marks a held task started (the task actor runs it) once, before its first batch or result.
 *
 * @example
 * startTask(w, "7"); // sends task.start to task:7 once
 */
export function startTask(w: Work, taskId: string): void {
  const task = w.ctx.tasks[taskId];
  if (!task || task.started) return;
  w.setTask(taskId, { started: true });
  w.send(childId.task(taskId), { type: "task.start" });
}

/**
 * The worker accepted or rejected a task it holds.
 *
 * @example
 * on: { "worker.taskResult": { actions: step("worker.taskResult", settleTask) } }
 */
export function settleTask(w: Work, event: Ev<"worker.taskResult">): void {
  const task = w.ctx.tasks[event.taskId];
  const worker = w.ctx.workers[event.workerId];
  // A result for a task this worker no longer holds (cancelled, or given away) is stale.
  if (!task || task.workerId !== event.workerId) return;
  startTask(w, event.taskId);
  if (event.accepted) {
    w.send(childId.task(event.taskId), { type: "task.accept", result: event.result });
  } else {
    w.emit({ type: "TaskRejected", taskId: event.taskId, reason: event.reason });
    w.send(childId.task(event.taskId), { type: "task.reject", reason: event.reason, retry: event.retry });
    if (worker) w.setTask(event.taskId, { failedOn: [...task.failedOn, worker.providerId] });
  }
  if (worker) w.setWorker(worker.workerId, { taskIds: worker.taskIds.filter((id) => id !== event.taskId) });
}

/**
 * Gives back the tasks a worker holds: those it ran and failed on count as a retry
 * (`failed`), the others go back unchanged. The provider is remembered either way.
 *
 * @example
 * releaseTasks(w, worker, { message: "worker broke" }); // started tasks count a retry
 */
export function releaseTasks(w: Work, worker: WorkerInfo, failed?: { message: string }): void {
  for (const taskId of worker.taskIds) {
    const task = w.ctx.tasks[taskId];
    if (!task || task.workerId !== worker.workerId) continue;
    w.setTask(taskId, { failedOn: [...task.failedOn, worker.providerId] });
    if (failed && task.started) {
      w.send(childId.task(taskId), { type: "task.reject", reason: failed.message, retry: true });
    } else {
      w.send(childId.task(taskId), { type: "task.unassign" });
    }
  }
  w.setWorker(worker.workerId, { taskIds: [], waiting: false });
}

/**
 * A task is back in the queue (rejected with retry, or its worker let go of it).
 *
 * @example
 * on: { "task.queued": { actions: step("task.queued", requeueTask) } }
 */
export function requeueTask(w: Work, event: Ev<"task.queued">): void {
  const task = w.ctx.tasks[event.taskId];
  if (!task) return;
  w.setTask(event.taskId, { workerId: undefined, started: false });
  if (!w.ctx.queue.includes(event.taskId)) w.set("queue", [...w.ctx.queue, event.taskId]);
  w.changed();
}

/**
 * A task ended, accepted or failed for good.
 *
 * @example
 * on: { "task.ended": { actions: step("task.ended", endTask) } }
 */
export function endTask(w: Work, event: Ev<"task.ended">): void {
  const task = w.ctx.tasks[event.taskId];
  if (!task) return;
  if (event.outcome === "accepted") {
    w.emit({ type: "TaskAccepted", taskId: event.taskId, result: event.result ?? null });
    w.set("tasksAccepted", w.ctx.tasksAccepted + 1);
  } else {
    w.set("tasksFailed", w.ctx.tasksFailed + 1);
  }
  const ended = { type: "driver.taskEnded" as const, taskId: event.taskId, outcome: event.outcome };
  w.emit(event.reason === undefined ? ended : { ...ended, reason: event.reason });
  const holder = task.workerId === undefined ? undefined : w.ctx.workers[task.workerId];
  if (holder?.taskIds.includes(event.taskId)) {
    w.setWorker(holder.workerId, { taskIds: holder.taskIds.filter((id) => id !== event.taskId) });
  }
  w.setTask(event.taskId, null);
  if (w.ctx.queue.includes(event.taskId))
    w.set(
      "queue",
      w.ctx.queue.filter((id) => id !== event.taskId),
    );
  w.stop(childId.task(event.taskId));
  w.changed();
}

/**
 * Every task given so far has ended and the input has no more.
 *
 * @example
 * always: { guard: "allTasksDone", target: "#computation.live.shuttingDown" }
 */
export function allTasksDone(ctx: ComputationContext): boolean {
  return ctx.inputEnded && ctx.queue.length === 0 && Object.keys(ctx.tasks).length === 0;
}
