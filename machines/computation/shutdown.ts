/**
 * The ordered shutdown: stop the workers, terminate every agreement through the API, wait
 * for the invoices, release what the computation holds; and the machine's output.
 */
import type {
  ComputationContext,
  ComputationOutcome,
  ComputationOutput,
  ErrorJson,
  Reason,
} from "../computation.types.js";
import { terminateAgreements } from "./agreements.js";
import { childId, errorInfoOf, type Work } from "./work.js";
import { stopWorker } from "./workers.js";

/** What providers are told when all work is done (yapapi's words). */
export const SUCCESS_REASON: Reason = {
  message: "Successfully finished all work",
  "golem.requestor.code": "Success",
};
/** What providers are told when the computation failed or was cancelled. */
export const CANCELLED_REASON: Reason = { message: "Work cancelled", "golem.requestor.code": "Cancelled" };

/**
 * Records how the computation ends; the first word stands (a later failure does not undo a cancel).
 *
 * @example
 * endWith(w, "failed", { name: "TimeoutError", message: "Computation timed out after 900000 ms" });
 */
export function endWith(w: Work, outcome: ComputationOutcome, error?: ErrorJson): void {
  if (w.ctx.outcome !== undefined) return;
  w.set("outcome", outcome);
  if (error) w.set("error", error);
}

/**
 * What providers are told when their agreement is terminated at the end.
 *
 * @example
 * w.send(childId.agreement(id), { type: "agreement.terminate", reason: reasonOf(w.ctx) });
 */
export function reasonOf(ctx: ComputationContext): Reason {
  return ctx.outcome === "finished" ? SUCCESS_REASON : CANCELLED_REASON;
}

/**
 * The log's ComputationFinished. As in yapapi, a failed or cancelled computation reports it
 * as soon as it ends (its workers are stopped after), a finished one once its workers have
 * ended (they end because the work is done).
 *
 * @example
 * exit: step((w) => computationFinished(w, "workersStopped"))
 */
export function computationFinished(w: Work, when: "begin" | "workersStopped"): void {
  const { error, outcome, started } = w.ctx;
  if (!started || (outcome === "finished") !== (when === "workersStopped")) return;
  w.emit({ type: "ComputationFinished", excInfo: error ? errorInfoOf(error) : null });
}

/**
 * Entering shutdown: unfinished tasks cancelled, workers told to stop (the driver ends
 * their generators, then their activities are destroyed). Agreements are terminated once
 * the workers are done, as in yapapi.
 *
 * @example
 * entry: step(beginShutdown)
 */
export function beginShutdown(w: Work): void {
  const { error, outcome } = w.ctx;
  computationFinished(w, "begin");
  if (outcome !== "finished") {
    const reason = error?.message ?? "the computation ended";
    for (const taskId of Object.keys(w.ctx.tasks))
      w.send(childId.task(taskId), { type: "task.cancel", reason });
  }
  for (const worker of Object.values(w.ctx.workers)) {
    if (worker.phase === "starting") stopWorker(w, worker);
    else if (worker.phase === "ready") w.emit({ type: "driver.workerStop", workerId: worker.workerId });
  }
}

/**
 * Once workers are done, agreements that become free (or approved late) are terminated.
 *
 * @example
 * on: { "work.changed": { actions: step(drain) } }
 */
export function drain(w: Work): void {
  terminateAgreements(w, reasonOf(w.ctx), true);
}

/**
 * Workers that did not stop in time: their activities are destroyed now.
 *
 * @example
 * after: { workerStopTimeout: { target: "terminatingAgreements", actions: step(forceStopWorkers) } }
 */
export function forceStopWorkers(w: Work): void {
  for (const worker of Object.values(w.ctx.workers)) stopWorker(w, worker);
}

/**
 * Every agreement still live is terminated through the API (single-activity ones too).
 *
 * @example
 * entry: step(terminateAll)
 */
export function terminateAll(w: Work): void {
  terminateAgreements(w, reasonOf(w.ctx), false);
}

/**
 * Payments of agreements whose end was never reported stop waiting for notes.
 *
 * @example
 * entry: step(endPayments)
 */
export function endPayments(w: Work): void {
  for (const p of Object.values(w.ctx.payments)) {
    if (p.ended || p.outcome !== undefined) continue;
    w.send(childId.payment(p.agreementId), { type: "payment.agreementEnded", agreementId: p.agreementId });
    w.setPayment(p.agreementId, { ended: true });
  }
}

/**
 * No worker is left (guard of the shutdown's first step).
 *
 * @example
 * always: { guard: "noWorkers", target: "terminatingAgreements" }
 */
export function noWorkers(ctx: ComputationContext): boolean {
  return Object.keys(ctx.workers).length === 0;
}

/**
 * No agreement is left (guard of the shutdown's second step).
 *
 * @example
 * always: { guard: "noAgreements", target: "awaitingInvoices" }
 */
export function noAgreements(ctx: ComputationContext): boolean {
  return Object.keys(ctx.agreements).length === 0;
}

/**
 * Every payment is paid or failed (guard of the shutdown's third step).
 *
 * @example
 * always: { guard: "paymentsSettled", target: "releasing" }
 */
export function paymentsSettled(ctx: ComputationContext): boolean {
  return Object.values(ctx.payments).every((p) => p.outcome !== undefined);
}

/**
 * The machine's output: how it ended and why, what got done, what was paid.
 *
 * @example
 * outputOf(context); // { outcome: "finished", tasksAccepted: 50, tasksFailed: 0, spent: "0.0123", unpaidAgreements: [] }
 */
export function outputOf(ctx: ComputationContext): ComputationOutput {
  const out: ComputationOutput = {
    outcome: ctx.outcome ?? "failed",
    tasksAccepted: ctx.tasksAccepted,
    tasksFailed: ctx.tasksFailed,
    spent: ctx.spent,
    unpaidAgreements: Object.values(ctx.payments)
      .filter((p) => p.outcome !== "paid")
      .map((p) => p.agreementId),
  };
  if (ctx.error) out.error = ctx.error;
  if (ctx.shutdownError) out.shutdownError = ctx.shutdownError;
  return out;
}
