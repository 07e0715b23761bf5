import type { EventOf, EventType } from "./types.js";

/**
 * How `createEvent` reads each field: `string`; `string?` (null when left out); `count` (a
 * whole number >= 0); `ms` (epoch or duration ms); `flag` (boolean, true when left out);
 * `json` (any value, stored as a frozen JSON copy); `object` (a JSON object); `amount` (a
 * Decimal, number or decimal string, stored as a decimal string); `error` (any thrown value,
 * stored as `ErrorInfo`, null when left out); `rejection` (an `OfferRejection` or null).
 */
export type FieldKind =
  | "string"
  | "string?"
  | "count"
  | "ms"
  | "flag"
  | "json"
  | "object"
  | "amount"
  | "error"
  | "rejection";

/** One event type's catalogue entry: yapapi's description and the fields in yapapi's order. */
export interface EventSpec<T extends EventType> {
  readonly title: string;
  readonly fields: { readonly [K in Exclude<keyof EventOf<T>, "type">]-?: FieldKind };
}

/**
 * Every event type of yapapi 0.5 with the description yapapi's `log_event` gives it and its
 * fields. The type makes a missing event or field a compile error.
 */
export const EVENT_CATALOGUE: { readonly [T in EventType]: EventSpec<T> } = Object.freeze({
  ComputationStarted: { title: "Computation started", fields: { expires: "ms" } },
  ComputationFinished: { title: "Computation finished", fields: { excInfo: "error" } },
  SubscriptionCreated: { title: "Demand published on the market", fields: { subId: "string" } },
  SubscriptionFailed: { title: "Demand publication failed", fields: { reason: "string" } },
  CollectFailed: {
    title: "Failed to collect proposals for demand",
    fields: { subId: "string", reason: "string" },
  },
  ProposalReceived: {
    title: "Proposal received from the market",
    fields: { propId: "string", providerId: "string" },
  },
  ProposalRejected: {
    title: "Proposal rejected",
    fields: { propId: "string", reason: "string?", rejection: "rejection" },
  },
  ProposalResponded: { title: "Responded to a proposal", fields: { propId: "string" } },
  ProposalConfirmed: { title: "Proposal confirmed by provider", fields: { propId: "string" } },
  ProposalFailed: { title: "Failed to respond to proposal", fields: { propId: "string", excInfo: "error" } },
  NoProposalsConfirmed: {
    title: "No proposals confirmed by providers",
    fields: { numOffers: "count", timeout: "ms" },
  },
  AgreementCreated: {
    title: "Agreement proposal sent to provider",
    fields: { agrId: "string", providerId: "string", providerInfo: "object" },
  },
  AgreementConfirmed: { title: "Agreement approved by provider", fields: { agrId: "string" } },
  AgreementRejected: { title: "Agreement rejected by provider", fields: { agrId: "string" } },
  AgreementTerminated: { title: "Agreement terminated", fields: { agrId: "string", reason: "object" } },
  DebitNoteReceived: {
    title: "Debit note received",
    fields: { agrId: "string", noteId: "string", amount: "amount" },
  },
  PaymentAccepted: {
    title: "Payment accepted",
    fields: { agrId: "string", invId: "string", amount: "amount" },
  },
  PaymentPrepared: { title: "Payment prepared", fields: { agrId: "string" } },
  PaymentQueued: { title: "Payment queued", fields: { agrId: "string" } },
  PaymentFailed: { title: "Payment failed", fields: { agrId: "string", excInfo: "error" } },
  InvoiceReceived: {
    title: "Invoice received",
    fields: { agrId: "string", invId: "string", amount: "amount" },
  },
  WorkerStarted: { title: "Worker started for agreement", fields: { agrId: "string" } },
  ActivityCreated: { title: "Activity created on provider", fields: { agrId: "string", actId: "string" } },
  ActivityCreateFailed: { title: "Failed to create activity", fields: { agrId: "string", excInfo: "error" } },
  TaskStarted: { title: "Task started", fields: { taskId: "string", agrId: "string", taskData: "json" } },
  WorkerFinished: { title: "Worker finished", fields: { agrId: "string", excInfo: "error" } },
  ScriptSent: {
    title: "Script sent to provider",
    fields: { agrId: "string", taskId: "string?", cmds: "json" },
  },
  GettingResults: { title: "Getting script results", fields: { agrId: "string", taskId: "string?" } },
  ScriptFinished: { title: "Script finished", fields: { agrId: "string", taskId: "string?" } },
  CommandExecuted: {
    title: "Script command executed",
    fields: {
      agrId: "string",
      taskId: "string?",
      cmdIdx: "count",
      command: "json",
      success: "flag",
      message: "string?",
    },
  },
  CommandStarted: {
    title: "Command started",
    fields: { agrId: "string", taskId: "string?", cmdIdx: "count", command: "string" },
  },
  CommandStdOut: {
    title: "Command stdout",
    fields: { agrId: "string", taskId: "string?", cmdIdx: "count", output: "string" },
  },
  CommandStdErr: {
    title: "Command stderr",
    fields: { agrId: "string", taskId: "string?", cmdIdx: "count", output: "string" },
  },
  TaskAccepted: { title: "Task accepted", fields: { taskId: "string", result: "json" } },
  TaskRejected: { title: "Task rejected", fields: { taskId: "string", reason: "string?" } },
  DownloadStarted: { title: "Download started", fields: { path: "string" } },
  DownloadFinished: { title: "Download finished", fields: { path: "string" } },
  ShutdownFinished: { title: "Shutdown finished", fields: { excInfo: "error" } },
});

/** Every event type, in the catalogue's order (yapapi's). */
export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(EVENT_CATALOGUE) as EventType[]);

/**
 * True when `value` names an event type.
 *
 * @example
 * isEventType("TaskAccepted"); // true
 */
export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.hasOwn(EVENT_CATALOGUE, value);
}
