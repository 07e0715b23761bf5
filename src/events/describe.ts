import { EVENT_CATALOGUE } from "./catalogue.js";
import type { ErrorInfo } from "./exc-info.js";
import type { ComputationEvent, EventOf, EventType } from "./types.js";

/** A function that tells one event type's events in a line for humans. */
export type EventDescriber<T extends EventType> = (event: EventOf<T>) => string;

const title = (type: EventType): string => EVENT_CATALOGUE[type].title;
const err = (e: ErrorInfo | null): string => (e ? `: ${e.name}: ${e.message}` : "");
const task = (id: string | null): string => (id === null ? "" : `, task ${id}`);
const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;
const clip = (text: string, max = 200): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);
const json = (value: unknown): string => clip(typeof value === "string" ? value : JSON.stringify(value));

/**
 * One describer per event type: yapapi's description of the type followed by the facts that
 * matter, e.g. "Proposal rejected (proposal R-1): Score too low". The type makes a missing
 * event type a compile error; a test checks them all at run time too.
 */
export const EVENT_DESCRIBERS: { readonly [T in EventType]: EventDescriber<T> } = Object.freeze({
  ComputationStarted: (e) => `${title(e.type)}, expires at ${new Date(e.expires).toISOString()}`,
  ComputationFinished: (e) => (e.excInfo ? `${title(e.type)} with an error${err(e.excInfo)}` : title(e.type)),
  SubscriptionCreated: (e) => `${title(e.type)} (subscription ${e.subId})`,
  SubscriptionFailed: (e) => `${title(e.type)}: ${e.reason}`,
  CollectFailed: (e) => `${title(e.type)} ${e.subId}: ${e.reason}`,
  ProposalReceived: (e) => `${title(e.type)} (proposal ${e.propId} from provider ${e.providerId})`,
  ProposalRejected: (e) =>
    `${title(e.type)} (proposal ${e.propId})${e.reason ? `: ${e.reason}` : ""}` +
    (e.rejection && e.rejection.message !== e.reason ? ` [${e.rejection.kind}: ${e.rejection.message}]` : ""),
  ProposalResponded: (e) => `${title(e.type)} (proposal ${e.propId})`,
  ProposalConfirmed: (e) => `${title(e.type)} (proposal ${e.propId})`,
  ProposalFailed: (e) => `${title(e.type)} ${e.propId}${err(e.excInfo)}`,
  NoProposalsConfirmed: (e) =>
    `${title(e.type)} within ${seconds(e.timeout)}; ${e.numOffers} offer(s) collected so far`,
  AgreementCreated: (e) =>
    `${title(e.type)} '${e.providerInfo.name ?? e.providerId}' (agreement ${e.agrId}, provider ${e.providerId})`,
  AgreementConfirmed: (e) => `${title(e.type)} (agreement ${e.agrId})`,
  AgreementRejected: (e) => `${title(e.type)} (agreement ${e.agrId})`,
  AgreementTerminated: (e) => `${title(e.type)} (agreement ${e.agrId}): ${json(e.reason)}`,
  DebitNoteReceived: (e) => `${title(e.type)} for agreement ${e.agrId}: ${e.noteId}, amount due ${e.amount}`,
  PaymentAccepted: (e) => `${title(e.type)} for agreement ${e.agrId}: invoice ${e.invId}, amount ${e.amount}`,
  PaymentPrepared: (e) => `${title(e.type)} for agreement ${e.agrId}`,
  PaymentQueued: (e) => `${title(e.type)} for agreement ${e.agrId}`,
  PaymentFailed: (e) => `${title(e.type)} for agreement ${e.agrId}${err(e.excInfo)}`,
  InvoiceReceived: (e) => `${title(e.type)} for agreement ${e.agrId}: ${e.invId}, amount ${e.amount}`,
  WorkerStarted: (e) => `${title(e.type)} ${e.agrId}`,
  ActivityCreated: (e) => `${title(e.type)} (activity ${e.actId}, agreement ${e.agrId})`,
  ActivityCreateFailed: (e) => `${title(e.type)} for agreement ${e.agrId}${err(e.excInfo)}`,
  TaskStarted: (e) => `${title(e.type)} (task ${e.taskId}, agreement ${e.agrId}), data: ${json(e.taskData)}`,
  WorkerFinished: (e) =>
    e.excInfo
      ? `${title(e.type)} with an error (agreement ${e.agrId})${err(e.excInfo)}`
      : `${title(e.type)} (agreement ${e.agrId})`,
  ScriptSent: (e) => `${title(e.type)} (agreement ${e.agrId}${task(e.taskId)}): ${json(e.cmds)}`,
  GettingResults: (e) => `${title(e.type)} (agreement ${e.agrId}${task(e.taskId)})`,
  ScriptFinished: (e) => `${title(e.type)} (agreement ${e.agrId}${task(e.taskId)})`,
  CommandExecuted: (e) =>
    `${title(e.type)} #${e.cmdIdx} ${e.success ? "successfully" : "with a failure"} (agreement ${e.agrId}${task(e.taskId)})` +
    `: ${json(e.command)}${e.message ? `, message: ${clip(e.message)}` : ""}`,
  CommandStarted: (e) =>
    `${title(e.type)} #${e.cmdIdx} (agreement ${e.agrId}${task(e.taskId)}): ${clip(e.command)}`,
  CommandStdOut: (e) =>
    `${title(e.type)} #${e.cmdIdx} (agreement ${e.agrId}${task(e.taskId)}): ${clip(e.output)}`,
  CommandStdErr: (e) =>
    `${title(e.type)} #${e.cmdIdx} (agreement ${e.agrId}${task(e.taskId)}): ${clip(e.output)}`,
  TaskAccepted: (e) => `${title(e.type)} (task ${e.taskId}), result: ${json(e.result)}`,
  TaskRejected: (e) => `${title(e.type)} (task ${e.taskId})${e.reason ? `: ${e.reason}` : ""}`,
  DownloadStarted: (e) => `${title(e.type)}: ${e.path}`,
  DownloadFinished: (e) => `${title(e.type)}: ${e.path}`,
  ShutdownFinished: (e) => (e.excInfo ? `${title(e.type)} with an error${err(e.excInfo)}` : title(e.type)),
});

/**
 * Tells an event in one line for humans, with its type's describer.
 *
 * @example
 * describeEvent(createEvent("TaskRejected", { taskId: "3", reason: "bad frame" }));
 * // "Task rejected (task 3): bad frame"
 */
export function describeEvent(event: ComputationEvent): string {
  const describe = EVENT_DESCRIBERS[event.type] as EventDescriber<EventType>;
  return describe(event as EventOf<EventType>);
}
