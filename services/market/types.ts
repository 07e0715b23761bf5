/**
 * Market API shapes: the generated spec types where the daemon follows the spec, and the
 * daemon's real shape written by hand where it does not (yagna-protocol.md section 8).
 */
import type { components } from "../generated/market-api.js";

type Schemas = components["schemas"];

/** Flat properties (`{"golem.inf.mem.gib": 4, ...}`); nested input is flattened by the daemon. */
export type Properties = Record<string, unknown>;

/** Body of subscribe and counter-proposal calls. */
export interface DemandOfferBase {
  properties: Properties;
  constraints: string;
}

export type Demand = Schemas["Demand"];
export type Offer = Schemas["Offer"];
export type Proposal = Schemas["Proposal"];
export type ProposalState = Proposal["state"];
export type AgreementProposal = Schemas["AgreementProposal"];
export type AgreementState = Schemas["AgreementState"];
export type AgreementData = Schemas["Agreement"];

/** `{message, ...extra keys}`: the body of reject, cancel and terminate, and event reasons. */
export interface Reason {
  message: string;
  [key: string]: unknown;
}

export interface ProposalEvent {
  eventType: "ProposalEvent";
  eventDate: string;
  proposal: Proposal;
}

export interface ProposalRejectedEvent {
  eventType: "ProposalRejectedEvent";
  eventDate: string;
  /** Our proposal (the counter) that the provider rejected. */
  proposalId: string;
  reason?: Reason;
}

export interface PropertyQueryEvent {
  eventType: "PropertyQueryEvent";
  eventDate: string;
  propertyQuery: Schemas["PropertyQuery"];
}

/** What `GET /demands/{id}/events` returns (the daemon never emits PropertyQueryEvent). */
export type RequestorEvent = ProposalEvent | ProposalRejectedEvent | PropertyQueryEvent;

interface AgreementEventBase {
  eventDate: string;
  agreementId: string;
}

/** Agreement events (`GET /agreementEvents`), persistent and paged by `afterTimestamp`. */
export type AgreementOperationEvent =
  | (AgreementEventBase & { eventType: "AgreementApprovedEvent" })
  | (AgreementEventBase & { eventType: "AgreementRejectedEvent"; reason?: Reason })
  | (AgreementEventBase & { eventType: "AgreementCancelledEvent"; reason?: Reason })
  | (AgreementEventBase & {
      eventType: "AgreementTerminatedEvent";
      terminator: "Requestor" | "Provider";
      signature?: string;
      reason?: Reason;
    });

/**
 * `GET /agreements` entries as the daemon writes them: `approvedDate` is null until
 * approval (the spec makes it an optional non-null date), `role` is "Requestor"/"Provider".
 */
export interface AgreementListEntry {
  id: string;
  timestamp?: string;
  approvedDate?: string | null;
  role: string;
}

/**
 * `GET /agreements/{id}/terminate/reason` (GET in the daemon, POST in the spec): the
 * termination event without its `eventType`.
 */
export interface AgreementTerminationReason {
  eventDate?: string;
  agreementId: string;
  terminator: "Requestor" | "Provider";
  signature?: string;
  reason?: Reason;
}

/** Filters of `GET /agreements`. */
export interface AgreementListFilter {
  state?: AgreementState;
  afterDate?: Date | string;
  beforeDate?: Date | string;
  appSessionId?: string;
}
