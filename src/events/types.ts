import type { ErrorInfo } from "./exc-info.js";
import type {
  AgreementConfirmed,
  AgreementCreated,
  AgreementRejected,
  AgreementTerminated,
  CollectFailed,
  ComputationFinished,
  ComputationStarted,
  DebitNoteReceived,
  InvoiceReceived,
  NoProposalsConfirmed,
  PaymentAccepted,
  PaymentFailed,
  PaymentPrepared,
  PaymentQueued,
  ProposalConfirmed,
  ProposalFailed,
  ProposalReceived,
  ProposalRejected,
  ProposalResponded,
  SubscriptionCreated,
  SubscriptionFailed,
} from "./market-events.js";
import type {
  ActivityCreated,
  ActivityCreateFailed,
  CommandExecuted,
  CommandStarted,
  CommandStdErr,
  CommandStdOut,
  DownloadFinished,
  DownloadStarted,
  GettingResults,
  ScriptFinished,
  ScriptSent,
  ShutdownFinished,
  TaskAccepted,
  TaskRejected,
  TaskStarted,
  WorkerFinished,
  WorkerStarted,
} from "./work-events.js";

/** Any event of a computation, discriminated by `type`. */
export type ComputationEvent =
  | ComputationStarted
  | ComputationFinished
  | SubscriptionCreated
  | SubscriptionFailed
  | CollectFailed
  | ProposalReceived
  | ProposalRejected
  | ProposalResponded
  | ProposalConfirmed
  | ProposalFailed
  | NoProposalsConfirmed
  | AgreementCreated
  | AgreementConfirmed
  | AgreementRejected
  | AgreementTerminated
  | DebitNoteReceived
  | PaymentAccepted
  | PaymentPrepared
  | PaymentQueued
  | PaymentFailed
  | InvoiceReceived
  | WorkerStarted
  | ActivityCreated
  | ActivityCreateFailed
  | TaskStarted
  | WorkerFinished
  | ScriptSent
  | GettingResults
  | ScriptFinished
  | CommandExecuted
  | CommandStarted
  | CommandStdOut
  | CommandStdErr
  | TaskAccepted
  | TaskRejected
  | DownloadStarted
  | DownloadFinished
  | ShutdownFinished;

/** The name of an event type, e.g. `"TaskAccepted"`. */
export type EventType = ComputationEvent["type"];
/** The event of one type. */
export type EventOf<T extends EventType> = Extract<ComputationEvent, { readonly type: T }>;
/** yapapi's `HasExcInfo` events: those that may carry an error. */
export type EventWithExcInfo = Extract<ComputationEvent, { readonly excInfo: ErrorInfo | null }>;
/** yapapi's `ProposalEvent`s. */
export type ProposalEvent = Extract<ComputationEvent, { readonly propId: string }>;
/** yapapi's `AgreementEvent`s. */
export type AgreementEvent = Extract<ComputationEvent, { readonly agrId: string }>;
/** yapapi's `TaskEvent`s. */
export type TaskEvent = TaskStarted | TaskAccepted | TaskRejected;
/** yapapi's `CommandEvent`s. */
export type CommandEvent = Extract<ComputationEvent, { readonly cmdIdx: number }>;
/** yapapi's `ScriptEvent`s (script and command events). */
export type ScriptEvent = ScriptSent | GettingResults | ScriptFinished | CommandEvent;
