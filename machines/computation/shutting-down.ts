/**
 * The root's `shuttingDown` state, in yapapi's order: stop the workers (up to
 * `workerStopTimeout`), terminate every agreement through the API (up to
 * `agreementTerminateTimeout`), wait for the invoices (up to `invoiceWaitTimeout`), then
 * unsubscribe and release the allocations. ShutdownFinished closes the log.
 */
import { computationSetup as s, step } from "./setup.js";
import {
  beginShutdown,
  computationFinished,
  drain,
  endPayments,
  forceStopWorkers,
  terminateAll,
} from "./shutdown.js";
import { activityReady } from "./workers.js";

/** From the last step of the shutdown to the final state the outcome names, after `actions`. */
function ending<A>(...actions: A[]) {
  return [
    {
      guard: { type: "outcomeIs", params: { outcome: "finished" } },
      target: "#computation.finished",
      actions: [...actions, "emitShutdownFinished"],
    },
    {
      guard: { type: "outcomeIs", params: { outcome: "cancelled" } },
      target: "#computation.cancelled",
      actions: [...actions, "emitShutdownFinished"],
    },
    { target: "#computation.failed", actions: [...actions, "emitShutdownFinished"] },
  ] as const;
}

const releaseFailed = {
  type: "recordReleaseFailure",
  params: ({ event }: { event: { error?: unknown } }) => ({ error: event.error }),
} as const;

const draining = { "work.changed": { actions: step(drain) } };

/**
 * The `shuttingDown` state config (see the file comment).
 *
 * @example
 * states: { working, shuttingDown }
 */
export const shuttingDown = s.createStateConfig({
  entry: step(beginShutdown),
  on: {
    "activity.ready": { actions: step("activity.ready", (w, e) => activityReady(w, e, false)) },
    // No task is handed out any more: the driver ends the worker's task iterator.
    "worker.taskRequest": {
      actions: step("worker.taskRequest", (w, e) =>
        w.emit({ type: "driver.noMoreTasks", workerId: e.workerId }),
      ),
    },
  },
  initial: "stoppingWorkers",
  states: {
    stoppingWorkers: {
      exit: step((w) => computationFinished(w, "workersStopped")),
      always: { guard: "noWorkers", target: "terminatingAgreements" },
      after: { workerStopTimeout: { target: "terminatingAgreements", actions: step(forceStopWorkers) } },
    },
    terminatingAgreements: {
      entry: step(terminateAll),
      on: draining,
      always: { guard: "noAgreements", target: "awaitingInvoices" },
      after: { agreementTerminateTimeout: "awaitingInvoices" },
    },
    awaitingInvoices: {
      entry: step(endPayments),
      on: draining,
      always: { guard: "paymentsSettled", target: "releasing" },
      // Invoices still missing now are reported in the output (unpaidAgreements).
      after: { invoiceWaitTimeout: "releasing" },
    },
    releasing: {
      on: draining,
      invoke: {
        id: "releaseResources",
        src: "releaseResources",
        input: ({ context }) => ({
          ...(context.subscriptionId ? { subscriptionId: context.subscriptionId } : {}),
          allocationIds: context.allocations.map((a) => a.allocationId),
        }),
        // A failure to release is recorded (ShutdownFinished carries it); the outcome stands.
        onDone: ending(),
        onError: ending(releaseFailed),
      },
      after: { releaseTimeout: ending({ type: "recordReleaseFailure", params: {} } as const) },
    },
  },
});
