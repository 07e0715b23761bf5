/**
 * Workers: an activity per agreement in use, driven by src/ with the user's generator. A
 * worker starts when its agreement is acquired, is ready once its activity is deployed, and
 * ends when its activity ends; the agreement then goes back to the pool or is terminated.
 */
import type { ComputationMachineEvent, ErrorJson, WorkerInfo } from "../computation.types.js";
import { releaseTasks } from "./tasks.js";
import { childId, errorInfoOf, errorOfReason, type Work } from "./work.js";

type Ev<T extends ComputationMachineEvent["type"]> = Extract<ComputationMachineEvent, { type: T }>;

/**
 * The task a worker's batches are for: the last one it took.
 *
 * @example
 * currentTask({ ...worker, taskIds: ["3", "4"] }); // "4"
 */
export function currentTask(worker: WorkerInfo): string | null {
  return worker.taskIds.at(-1) ?? null;
}

/**
 * Starts a worker on an approved agreement: acquire it, create its activity.
 *
 * @example
 * startWorker(w, proposalId); // acquire, WorkerStarted, spawn activity:<agreementId>
 */
export function startWorker(w: Work, proposalId: string): void {
  const agreement = w.ctx.agreements[proposalId];
  if (!agreement?.agreementId) return;
  const workerId = `worker-${w.ctx.workerCount}`;
  w.set("workerCount", w.ctx.workerCount + 1);
  w.setAgreement(proposalId, { phase: "inUse", workerId });
  w.setWorker(workerId, {
    workerId,
    proposalId,
    agreementId: agreement.agreementId,
    providerId: agreement.draft.providerId,
    providerName: agreement.draft.providerName,
    phase: "starting",
    taskIds: [],
    waiting: false,
  });
  w.send(childId.agreement(proposalId), { type: "agreement.acquire", workerId });
  w.emit({ type: "WorkerStarted", agrId: agreement.agreementId });
  const timeouts = w.ctx.childTimeouts.activity;
  const input = timeouts
    ? { agreementId: agreement.agreementId, timeouts }
    : { agreementId: agreement.agreementId };
  w.spawn({ kind: "spawnActivity", id: childId.activity(agreement.agreementId), input });
}

/**
 * Stops a worker from the root's side (shutdown, its agreement or activity ended): the
 * driver is told, held tasks go back, and the activity is destroyed unless it is gone.
 *
 * @example
 * stopWorker(w, worker, { name: "AgreementEndedError", message: "terminated by provider" });
 */
export function stopWorker(w: Work, worker: WorkerInfo, error?: ErrorJson, activityGone = false): void {
  if (worker.phase === "stopping") return;
  const stop = { type: "driver.workerStop" as const, workerId: worker.workerId };
  w.emit(error ? { ...stop, error } : stop);
  releaseTasks(w, worker);
  w.setWorker(worker.workerId, error ? { phase: "stopping", error } : { phase: "stopping" });
  if (!activityGone) w.send(childId.activity(worker.agreementId), { type: "activity.stop" });
}

/**
 * The driver's generator ended (normally, or by throwing): destroy the activity.
 *
 * @example
 * on: { "worker.finished": { actions: step("worker.finished", finishWorker) } }
 */
export function finishWorker(w: Work, event: Ev<"worker.finished"> | Ev<"worker.failed">): void {
  const worker = w.ctx.workers[event.workerId];
  if (!worker) return;
  const error = event.type === "worker.failed" ? event.error : undefined;
  releaseTasks(w, worker, error);
  if (error) w.setWorker(worker.workerId, { error });
  if (worker.phase !== "stopping") {
    w.setWorker(worker.workerId, { phase: "stopping" });
    w.send(childId.activity(worker.agreementId), { type: "activity.stop" });
  }
  w.changed();
}

/**
 * The activity exists on the provider: the log's ActivityCreated.
 *
 * @example
 * on: { "activity.created": { actions: step("activity.created", activityCreated) } }
 */
export function activityCreated(w: Work, event: Ev<"activity.created">): void {
  const worker = w.workerByAgreementId(event.agreementId);
  if (!worker) return;
  w.setWorker(worker.workerId, { activityId: event.activityId });
  w.emit({ type: "ActivityCreated", agrId: event.agreementId, actId: event.activityId });
}

/**
 * The activity is deployed: the worker may run (while working) or is stopped (shutdown).
 *
 * @example
 * "activity.ready": { actions: step("activity.ready", (w, e) => activityReady(w, e, true)) }
 */
export function activityReady(w: Work, event: Ev<"activity.ready">, running: boolean): void {
  const worker = w.workerByAgreementId(event.agreementId);
  if (worker?.phase !== "starting") return;
  if (!running) {
    stopWorker(w, worker);
    return;
  }
  w.setWorker(worker.workerId, { phase: "ready", activityId: event.activityId });
  w.emit({
    type: "driver.workerReady",
    workerId: worker.workerId,
    agreementId: worker.agreementId,
    activityId: event.activityId,
    providerId: worker.providerId,
    providerName: worker.providerName,
  });
}

/**
 * The activity ended: the worker is over, its agreement goes back to the pool or ends.
 *
 * @example
 * on: { "activity.ended": { actions: step("activity.ended", activityEnded) } }
 */
export function activityEnded(w: Work, event: Ev<"activity.ended">): void {
  w.stop(childId.activity(event.agreementId));
  const found = w.workerByAgreementId(event.agreementId);
  if (!found) return;
  if (event.activityId === undefined) {
    const error = errorOfReason(event.reason, "the activity could not be created");
    w.emit({ type: "ActivityCreateFailed", agrId: event.agreementId, excInfo: errorInfoOf(error) });
  }
  const died = event.outcome === "failed" ? errorOfReason(event.reason, "the activity failed") : undefined;
  stopWorker(w, found, died, true);
  const worker = w.ctx.workers[found.workerId] ?? found;
  const error = worker.error ?? died;
  w.emit({ type: "WorkerFinished", agrId: event.agreementId, excInfo: error ? errorInfoOf(error) : null });
  w.setWorker(worker.workerId, null);
  const agreement = w.ctx.agreements[worker.proposalId];
  if (agreement?.phase === "inUse") {
    const reusable = event.outcome === "destroyed" && !worker.error;
    w.send(childId.agreement(worker.proposalId), { type: "agreement.release", reusable });
    // The agreement machine decides the same way: reused only when both sides allow it.
    const back = reusable && agreement.draft.multiActivity;
    w.setAgreement(worker.proposalId, { phase: back ? "idle" : "ending", workerId: undefined });
  }
  w.changed();
}
