/**
 * Batches: the root relays a worker's batch to its activity actor, tells the driver how it
 * went, and emits the script and command events of the log along the way.
 */
import type { ComputationMachineEvent } from "../computation.types.js";
import { startTask } from "./tasks.js";
import { childId, type Work } from "./work.js";
import { currentTask } from "./workers.js";

type Ev<T extends ComputationMachineEvent["type"]> = Extract<ComputationMachineEvent, { type: T }>;

/**
 * A worker's batch goes to its activity: the log's TaskStarted (when it holds a task) and ScriptSent.
 *
 * @example
 * on: { "worker.batch": { actions: step("worker.batch", sendBatch) } }
 */
export function sendBatch(w: Work, event: Ev<"worker.batch">): void {
  const worker = w.ctx.workers[event.workerId];
  if (!worker) {
    const error = { name: "WorkerStoppedError", message: `Worker ${event.workerId} has stopped` };
    w.emit({ type: "driver.batchFailed", workerId: event.workerId, batchId: event.batchId, error });
    return;
  }
  const taskId = currentTask(worker);
  if (taskId !== null) {
    startTask(w, taskId);
    const data = w.ctx.tasks[taskId]?.data ?? null;
    w.emit({ type: "TaskStarted", taskId, agrId: worker.agreementId, taskData: data });
  }
  w.emit({ type: "ScriptSent", agrId: worker.agreementId, taskId, cmds: event.commands });
  w.setWorker(worker.workerId, { batchId: event.batchId });
  const run = { type: "batch.run", batchId: event.batchId, commands: event.commands, stream: event.stream };
  w.send(
    childId.activity(worker.agreementId),
    event.timeoutMs === undefined ? run : { ...run, timeoutMs: event.timeoutMs },
  );
}

/**
 * A command event of a running batch, as the log's command events.
 *
 * @example
 * on: { "batch.commandEvent": { actions: step("batch.commandEvent", commandEvent) } }
 */
export function commandEvent(w: Work, event: Ev<"batch.commandEvent">): void {
  const worker = w.workerByActivityId(event.activityId);
  if (!worker) return;
  const at = { agrId: worker.agreementId, taskId: currentTask(worker), cmdIdx: event.event.index };
  const e = event.event;
  switch (e.kind) {
    case "started":
      w.emit({ type: "CommandStarted", ...at, command: JSON.stringify(e.command) });
      break;
    case "stdout":
      w.emit({ type: "CommandStdOut", ...at, output: e.output });
      break;
    case "stderr":
      w.emit({ type: "CommandStdErr", ...at, output: e.output });
      break;
    case "executed":
      w.emit({
        type: "CommandExecuted",
        ...at,
        command: e.command,
        success: e.success,
        message: e.message,
      });
      break;
  }
}

/**
 * The activity ran the batch: the log's GettingResults, the results to the driver.
 *
 * @example
 * on: { "batch.finished": { actions: step("batch.finished", batchFinished) } }
 */
export function batchFinished(w: Work, event: Ev<"batch.finished">): void {
  const worker = w.workerByAgreementId(event.agreementId);
  if (!worker || worker.batchId !== event.batchId) return;
  w.emit({ type: "GettingResults", agrId: worker.agreementId, taskId: currentTask(worker) });
  w.emit({
    type: "driver.batchFinished",
    workerId: worker.workerId,
    batchId: event.batchId,
    results: event.results,
  });
}

/**
 * The batch failed: its error goes to the driver, which throws it into the worker.
 *
 * @example
 * on: { "batch.failed": { actions: step("batch.failed", batchFailed) } }
 */
export function batchFailed(w: Work, event: Ev<"batch.failed">): void {
  const worker = w.workerByAgreementId(event.agreementId);
  if (!worker || worker.batchId !== event.batchId) return;
  w.setWorker(worker.workerId, { batchId: undefined });
  w.emit({
    type: "driver.batchFailed",
    workerId: worker.workerId,
    batchId: event.batchId,
    error: event.error,
  });
}

/**
 * A download of the batch's post steps: the log's DownloadStarted / DownloadFinished.
 *
 * @example
 * on: { "worker.download": { actions: step("worker.download", download) } }
 */
export function download(w: Work, event: Ev<"worker.download">): void {
  w.emit({ type: event.phase === "started" ? "DownloadStarted" : "DownloadFinished", path: event.path });
}

/**
 * The driver ran the batch's post steps (downloads): the script is finished.
 *
 * @example
 * on: { "worker.batchPosted": { actions: step("worker.batchPosted", batchPosted) } }
 */
export function batchPosted(w: Work, event: Ev<"worker.batchPosted">): void {
  const worker = w.ctx.workers[event.workerId];
  if (!worker) return;
  const agrId = worker.agreementId;
  w.setWorker(worker.workerId, { batchId: undefined });
  w.emit({ type: "ScriptFinished", agrId, taskId: currentTask(worker) });
  // yapapi settles payment after each batch; the invoice only comes after the agreement.
  w.emit({ type: "PaymentPrepared", agrId });
  w.emit({ type: "PaymentQueued", agrId });
}
