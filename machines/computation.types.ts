/**
 * Types of the root machine (`computation.machine.ts`): its input, context, output, and the
 * input/output of the actors it invokes (its events are in computation.events.ts).
 * Everything here is JSON: ids, states, counters, decimal strings.
 */
import type { JsonValue } from "../src/json.js";
import type { ErrorJson } from "./reason.js";

export type { CommandResult } from "./activity.types.js";
export type * from "./computation.events.js";
export type { ErrorJson, Reason } from "./reason.js";

/** The root's named delays, in ms. */
export interface ComputationTimeouts {
  /** The whole computation, from its start (yapapi: 15 min). */
  computationTimeoutMs: number;
  /** Period of the "no proposals confirmed" warning while none is (yapapi: 20 s). */
  noProposalsWarningMs: number;
  /** How long shutdown waits for workers to stop before destroying their activities (yapapi: 10 s). */
  workerStopTimeoutMs: number;
  /** How long shutdown waits for the agreements to be terminated. */
  agreementTerminateTimeoutMs: number;
  /** How long shutdown waits for the invoices of terminated agreements (yapapi: 30 s). */
  invoiceWaitTimeoutMs: number;
  /** How long unsubscribing and releasing the allocations may take. */
  releaseTimeoutMs: number;
}

/** Per-child timeouts the root passes on when it spawns them. */
export interface ChildTimeouts {
  agreement?: { approvalTimeoutMs?: number };
  activity?: { deployTimeoutMs?: number; batchTimeoutMs?: number; destroyTimeoutMs?: number };
  payment?: { debitNoteGraceMs?: number; invoiceTimeoutMs?: number };
}

export interface ComputationInput {
  /** Decimal string: the most the computation may spend. */
  budget: string;
  driver: string;
  network: string;
  maxWorkers: number;
  /** Epoch ms when the computation expires (demand expiration; computed by src/, not here). */
  expiresAt: number;
  subnetTag?: string | null;
  /** Scopes agreement and payment events to this computation (`appSessionId` of confirm). */
  appSessionId?: string;
  /** Retries of a rejected task (task machine default when absent). */
  maxRetries?: number;
  timeouts?: Partial<ComputationTimeouts>;
  childTimeouts?: ChildTimeouts;
}

/** One allocation the computation made (one per matching account, as yapapi). */
export interface AllocationInfo {
  allocationId: string;
  platform: string;
  address: string;
}

/** What the payment API asks a demand to carry for the allocations. */
export interface DecorationJson {
  properties: { key: string; value: JsonValue }[];
  constraints: string[];
}

/** A demand as the market takes it. */
export interface DemandJson {
  properties: Record<string, JsonValue>;
  constraints: string;
}

/** A provider's draft (its answer to our counter-proposal), waiting for an agreement. */
export interface DraftInfo {
  proposalId: string;
  providerId: string;
  providerName: string;
  subnetTag: string | null;
  score: number;
  multiActivity: boolean;
  /** The payment platform negotiated with this provider. */
  platform: string;
  /** The provider's debit-note interval, when it asks for notes periodically. */
  debitNoteIntervalSec: number | null;
}

export type AgreementPhase = "negotiating" | "idle" | "inUse" | "ending";

/** An agreement child as the root tracks it, keyed by proposal id. */
export interface AgreementInfo {
  draft: DraftInfo;
  agreementId?: string;
  phase: AgreementPhase;
  approved: boolean;
  workerId?: string;
}

export type WorkerPhase = "starting" | "ready" | "stopping";

/** A worker: one activity on an agreement, driven by src/ with the user's generator. */
export interface WorkerInfo {
  workerId: string;
  proposalId: string;
  agreementId: string;
  providerId: string;
  providerName: string;
  activityId?: string;
  phase: WorkerPhase;
  /** The tasks it holds (assigned, maybe running), in the order it took them; the last is current. */
  taskIds: string[];
  /** It asked for a task and got none yet. */
  waiting: boolean;
  /** The batch it is running. */
  batchId?: string;
  /** Why the worker failed (its generator threw, or its activity died). */
  error?: ErrorJson;
}

/** A task not yet ended, keyed by task id. */
export interface TaskInfo {
  taskId: string;
  data: JsonValue;
  workerId?: string;
  started: boolean;
  /** Providers on which it failed: it goes elsewhere when it can. */
  failedOn: string[];
}

/** One agreement's payment as the root tracks it. */
export interface PaymentInfo {
  agreementId: string;
  allocationId: string;
  ended: boolean;
  outcome?: "paid" | "failed";
  /** Decimal string: debit notes accepted so far (latest cumulative per activity is the machine's job). */
  debitNotesAccepted: string;
  /** Decimal string: the invoice accepted, once it is. */
  invoiceAccepted?: string;
}

export type ComputationOutcome = "finished" | "failed" | "cancelled";

export interface ComputationContext {
  budget: string;
  driver: string;
  network: string;
  maxWorkers: number;
  expiresAt: number;
  subnetTag: string | null;
  appSessionId?: string;
  maxRetries?: number;
  timeouts: ComputationTimeouts;
  childTimeouts: ChildTimeouts;
  /** ComputationStarted was emitted (allocation succeeded). */
  started: boolean;
  allocations: AllocationInfo[];
  decoration?: DecorationJson;
  demand?: DemandJson;
  subscriptionId?: string;
  offersCollected: number;
  proposalsConfirmed: number;
  /** The best draft per provider (a newer one replaces the older). */
  drafts: Record<string, DraftInfo>;
  agreements: Record<string, AgreementInfo>;
  workers: Record<string, WorkerInfo>;
  workerCount: number;
  tasks: Record<string, TaskInfo>;
  /** Queued task ids, oldest first. */
  queue: string[];
  tasksRequested: boolean;
  inputEnded: boolean;
  tasksAccepted: number;
  tasksFailed: number;
  payments: Record<string, PaymentInfo>;
  /** Decimal string: accepted invoices so far. */
  spent: string;
  outcome?: ComputationOutcome;
  error?: ErrorJson;
  shutdownError?: ErrorJson;
}

export interface ComputationOutput {
  outcome: ComputationOutcome;
  /** Why the computation failed or was cancelled. */
  error?: ErrorJson;
  /** What went wrong while shutting down, if anything. */
  shutdownError?: ErrorJson;
  tasksAccepted: number;
  tasksFailed: number;
  /** Decimal string: the sum of accepted invoices. */
  spent: string;
  /** Agreements whose invoice was not accepted. */
  unpaidAgreements: string[];
}

/** `allocate`: one allocation per account matching driver and network, and their decoration. */
export interface AllocateInput {
  budget: string;
  driver: string;
  network: string;
  /** Epoch ms the allocations expire. */
  expiresAt: number;
}
export interface AllocateOutput {
  allocations: AllocationInfo[];
  decoration: DecorationJson;
}

/** `buildDemand` (bound in src/): the demand from package, strategy and decorations. */
export interface BuildDemandInput {
  decoration: DecorationJson;
}

/** `subscribe`: publishes the demand. */
export interface SubscribeInput {
  demand: DemandJson;
}
export interface SubscribeOutput {
  subscriptionId: string;
}

/** `offerFeed`: negotiates on a subscription and reports what happens. */
export interface OfferFeedInput {
  subscriptionId: string;
  demand: DemandJson;
  platforms: string[];
  subnetTag: string | null;
}

/** The agreement-events and payment-events feeds. */
export interface FeedInput {
  appSessionId?: string;
}

/** `releaseResources`: unsubscribes and releases the allocations, tolerating what is gone. */
export interface ReleaseInput {
  subscriptionId?: string;
  allocationIds: string[];
}
