/**
 * The root of a computation: allocation, demand, negotiation, agreements, workers, tasks
 * and payments as one actor tree, and the public event log emitted as its transitions
 * happen. Children (agreement, activity, task, payment machines) are spawned with dynamic
 * ids (`agreement:<proposalId>`, `activity:<agreementId>`, `task:<taskId>`,
 * `payment:<agreementId>`) and report with `sendParent`; src/ drives the user's worker
 * generators and talks to the root with `tasks.*` / `worker.*` events, reading its
 * `driver.*` emits. Pure: REST lives in the actors bound with `.provide()`.
 *
 * The bookkeeping runs in plain functions over a copy of the context (computation/*.ts);
 * this file says which runs on which event. Events common to every phase are handled on
 * `live`; `working` and `shuttingDown` add what differs (hand out work vs wind it down).
 */
import { raise } from "xstate";
import {
  agreementApproved,
  agreementCreated,
  agreementEnded,
  agreementRejected,
  providerTerminated,
} from "./computation/agreements.js";
import {
  batchFailed,
  batchFinished,
  batchPosted,
  commandEvent,
  download,
  sendBatch,
} from "./computation/batches.js";
import {
  invoiceAccepted,
  invoiceReceived,
  paymentFailed,
  routeDebitNote,
  routeInvoice,
} from "./computation/feeds.js";
import { DEFAULT_COMPUTATION_TIMEOUTS, computationSetup as s, step } from "./computation/setup.js";
import { outputOf } from "./computation/shutdown.js";
import { shuttingDown } from "./computation/shutting-down.js";
import { endInput, endTask, requestTask, requeueTask, settleTask } from "./computation/tasks.js";
import { activityCreated, activityEnded, finishWorker } from "./computation/workers.js";
import { working } from "./computation/working.js";
import type { ComputationContext, ComputationInput } from "./computation.types.js";
import { errorJson } from "./reason.js";

export { DEFAULT_COMPUTATION_TIMEOUTS } from "./computation/setup.js";
export type * from "./computation.types.js";

function initialContext(input: ComputationInput): ComputationContext {
  const context: ComputationContext = {
    budget: input.budget,
    driver: input.driver,
    network: input.network,
    maxWorkers: Math.max(1, Math.floor(input.maxWorkers)),
    expiresAt: input.expiresAt,
    subnetTag: input.subnetTag ?? null,
    timeouts: { ...DEFAULT_COMPUTATION_TIMEOUTS, ...input.timeouts },
    childTimeouts: input.childTimeouts ?? {},
    started: false,
    allocations: [],
    offersCollected: 0,
    proposalsConfirmed: 0,
    drafts: {},
    agreements: {},
    workers: {},
    workerCount: 0,
    tasks: {},
    queue: [],
    tasksRequested: false,
    inputEnded: false,
    tasksAccepted: 0,
    tasksFailed: 0,
    payments: {},
    spent: "0",
  };
  if (input.appSessionId !== undefined) context.appSessionId = input.appSessionId;
  if (input.maxRetries !== undefined) context.maxRetries = input.maxRetries;
  return context;
}

/**
 * The root machine; bind its actors with `.provide()` (src/executor does it).
 *
 * @example
 * const actor = createActor(bound, { id: "computation", input: { budget: "5", driver: "erc20",
 *   network: "holesky", maxWorkers: 5, expiresAt: Date.now() + 15 * 60_000 } });
 * actor.on("*", (e) => console.log(e.type));
 * actor.start();
 */
export const computationMachine = s.createMachine({
  id: "computation",
  context: ({ input }) => initialContext(input),
  initial: "live",
  states: {
    live: {
      // Payment documents are followed until the very end: invoices come after termination.
      invoke: {
        id: "paymentEvents",
        src: "paymentEventsFeed",
        input: ({ context }) => (context.appSessionId ? { appSessionId: context.appSessionId } : {}),
        onError: {
          actions: raise(({ event }) => ({
            type: "computation.fail" as const,
            error: errorJson(event.error),
          })),
        },
      },
      on: {
        "tasks.inputEnded": { actions: step("tasks.inputEnded", endInput) },
        "worker.taskRequest": { actions: step("worker.taskRequest", requestTask) },
        "worker.taskResult": { actions: step("worker.taskResult", settleTask) },
        "worker.batch": { actions: step("worker.batch", sendBatch) },
        "worker.download": { actions: step("worker.download", download) },
        "worker.batchPosted": { actions: step("worker.batchPosted", batchPosted) },
        "worker.finished": { actions: step("worker.finished", finishWorker) },
        "worker.failed": { actions: step("worker.failed", finishWorker) },
        "batch.commandEvent": { actions: step("batch.commandEvent", commandEvent) },
        "batch.finished": { actions: step("batch.finished", batchFinished) },
        "batch.failed": { actions: step("batch.failed", batchFailed) },
        "task.queued": { actions: step("task.queued", requeueTask) },
        "task.ended": { actions: step("task.ended", endTask) },
        "agreement.created": { actions: step("agreement.created", agreementCreated) },
        "agreement.approved": { actions: step("agreement.approved", agreementApproved) },
        "agreement.rejected": { actions: step("agreement.rejected", agreementRejected) },
        "agreement.ended": { actions: step("agreement.ended", agreementEnded) },
        "agreement.providerTerminated": { actions: step("agreement.providerTerminated", providerTerminated) },
        "activity.created": { actions: step("activity.created", activityCreated) },
        "activity.ended": { actions: step("activity.ended", activityEnded) },
        "payment.debitNote": { actions: step("payment.debitNote", routeDebitNote) },
        "payment.invoice": { actions: step("payment.invoice", routeInvoice) },
        "payment.invoiceReceived": { actions: step("payment.invoiceReceived", invoiceReceived) },
        "payment.invoiceAccepted": { actions: step("payment.invoiceAccepted", invoiceAccepted) },
        "payment.failed": { actions: step("payment.failed", paymentFailed) },
      },
      initial: "working",
      states: { working, shuttingDown },
    },
    // Final states: the actor is done, so anything still arriving (late child reports,
    // feed events, driver events) is ignored on purpose.
    finished: { type: "final" },
    failed: { type: "final" },
    cancelled: { type: "final" },
  },
  output: ({ context }) => outputOf(context),
});
