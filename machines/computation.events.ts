/**
 * The root machine's events: what src/'s driver, the children and the feeds send it, and
 * what it emits (the public event log, and instructions to the driver). All JSON.
 */
import type { ComputationEvent } from "../src/events/types.js";
import type { JsonValue } from "../src/json.js";
import type { OfferRejection } from "../src/strategy/rejection.js";
import type { ActivityParentEvent, CommandResult } from "./activity.types.js";
import type { AgreementParentEvent } from "./agreement.types.js";
import type { DraftInfo } from "./computation.types.js";
import type { PaymentParentEvent } from "./payment.types.js";
import type { ErrorJson, Reason } from "./reason.js";
import type { TaskParentEvent } from "./task.machine.js";

/** What src/'s driver tells the root. */
export type DriverEvent =
  | { type: "tasks.add"; tasks: { taskId: string; data: JsonValue }[]; inputEnded?: boolean }
  | { type: "tasks.inputEnded" }
  | { type: "tasks.inputFailed"; error: ErrorJson }
  | { type: "worker.taskRequest"; workerId: string }
  | { type: "worker.taskResult"; workerId: string; taskId: string; accepted: true; result: JsonValue }
  | {
      type: "worker.taskResult";
      workerId: string;
      taskId: string;
      accepted: false;
      reason: string;
      retry: boolean;
    }
  | {
      type: "worker.batch";
      workerId: string;
      batchId: string;
      commands: JsonValue[];
      timeoutMs?: number;
      stream: boolean;
    }
  | { type: "worker.download"; workerId: string; phase: "started" | "finished"; path: string }
  | { type: "worker.batchPosted"; workerId: string; batchId: string }
  | { type: "worker.finished"; workerId: string }
  | { type: "worker.failed"; workerId: string; error: ErrorJson }
  | { type: "batch.commandEvent"; activityId: string; batchId: string; event: CommandEventJson }
  | { type: "computation.cancel"; reason?: string }
  | { type: "computation.fail"; error: ErrorJson };

/** A command event of a running batch, as JSON (services' `CommandEvent` minus bytes). */
export type CommandEventJson =
  | { kind: "started"; index: number; command: JsonValue }
  | { kind: "stdout" | "stderr"; index: number; command: JsonValue; output: string }
  | { kind: "executed"; index: number; command: JsonValue; success: boolean; message: string | null };

/** What the market feed sends. */
export type MarketFeedEvent =
  | { type: "market.proposalsReceived"; proposals: { proposalId: string; providerId: string }[] }
  | { type: "market.proposalResponded"; proposalId: string }
  | { type: "market.offerRejected"; proposalId: string; reason: string; rejection: OfferRejection | null }
  | { type: "market.proposalFailed"; proposalId: string; error: ErrorJson }
  | ({ type: "market.draft" } & DraftInfo)
  | { type: "market.subscriptionExpired" }
  | { type: "market.collectFailed"; reason: string };

/** What the agreement-events feed sends. */
export type AgreementFeedEvent = {
  type: "agreement.providerTerminated";
  agreementId: string;
  reason: Reason;
};

/** What the payment-events feed sends. */
export type PaymentFeedEvent =
  | {
      type: "payment.debitNote";
      agreementId: string;
      debitNoteId: string;
      activityId: string;
      amount: string;
    }
  | { type: "payment.invoice"; agreementId: string; invoiceId: string; amount: string };

/** Internal: something changed that may let work move on. */
export type InternalEvent = { type: "work.changed" };

export type ComputationMachineEvent =
  | DriverEvent
  | MarketFeedEvent
  | AgreementFeedEvent
  | PaymentFeedEvent
  | AgreementParentEvent
  | ActivityParentEvent
  | TaskParentEvent
  | PaymentParentEvent
  | InternalEvent;

/**
 * The public event log (src/events' catalogue, all JSON): src/ freezes and validates each
 * with `createEvent` before the user's consumer sees it.
 */
export type LogEvent = ComputationEvent;

/** Instructions to src/'s driver (not part of the public log). */
export type DriverInstruction =
  | { type: "driver.needTasks"; count: number }
  | {
      type: "driver.workerReady";
      workerId: string;
      agreementId: string;
      activityId: string;
      providerId: string;
      providerName: string;
    }
  | { type: "driver.taskAssigned"; workerId: string; taskId: string }
  | { type: "driver.noMoreTasks"; workerId: string }
  | { type: "driver.batchFinished"; workerId: string; batchId: string; results: CommandResult[] }
  | { type: "driver.batchFailed"; workerId: string; batchId: string; error: ErrorJson }
  | { type: "driver.workerStop"; workerId: string; error?: ErrorJson }
  | { type: "driver.taskEnded"; taskId: string; outcome: "accepted" | "failed"; reason?: string };

export type ComputationEmitted = LogEvent | DriverInstruction;
