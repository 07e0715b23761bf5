import type { AgreementView, ProviderNode, Reason } from "../context.js";
import type { Notifier } from "../notifier.js";
import type { Constraint } from "./constraint-parser.js";
import type { MarketOffer } from "./offers.js";
import type { FlatProperties } from "./properties.js";
import type { Queue } from "./queue.js";
import type { LongTimer } from "./timers.js";

/** The market's records, shared by negotiation and agreement handling. */

export type ProposalState = "Initial" | "Draft" | "Rejected" | "Accepted" | "Expired";

/** An event waiting in a demand's queue until the requestor collects it. */
export type NegotiationEvent =
  | { kind: "proposal"; eventDate: number; proposal: ProposalRecord }
  | { kind: "rejected"; eventDate: number; proposalId: string; reason?: Reason };

/** A demand subscription. */
export interface DemandRecord {
  demandId: string;
  requestorId: string;
  properties: FlatProperties;
  constraints: string;
  constraint: Constraint;
  timestamp: number;
  /** End of the subscription's lifetime (`subscriptionTtlSec`), ms. */
  expiresAt: number;
  status: "active" | "unsubscribed" | "expired";
  /** Rejections are served before proposals, each queue oldest first. */
  rejections: Queue<NegotiationEvent>;
  proposals: Queue<NegotiationEvent>;
  /** Wakes event long polls (new events, unsubscribe, expiry). */
  changed: Notifier;
  ttl?: LongTimer;
}

/** A proposal on the requestor's side (all ids `R-`): an offer, a counter, or a draft. */
export interface ProposalRecord {
  proposalId: string;
  demand: DemandRecord;
  offer: MarketOffer;
  issuer: "provider" | "requestor";
  issuerId: string;
  state: ProposalState;
  properties: FlatProperties;
  constraints: string;
  constraint: Constraint;
  timestamp: number;
  prevProposalId?: string;
  /** Set once the other side answered this proposal with a counter. */
  counteredBy?: string;
}

export type AgreementState = AgreementView["state"];

/** A persistent agreement event (`GET /agreementEvents`). */
export interface AgreementEventRecord {
  eventType:
    | "AgreementApprovedEvent"
    | "AgreementRejectedEvent"
    | "AgreementCancelledEvent"
    | "AgreementTerminatedEvent";
  eventDate: number;
  agreementId: string;
  /** The agreement's appSessionId when the event happened. */
  appSessionId?: string;
  reason?: Reason;
  terminator?: "Requestor" | "Provider";
}

/** An agreement, with what its provider tracks about it. */
export interface AgreementRecord {
  agreementId: string;
  demand: DemandRecord;
  /** The requestor's last counter: the agreement's demand side. */
  demandProposal: ProposalRecord;
  /** The provider's draft: the agreement's offer side. */
  offerProposal: ProposalRecord;
  provider: ProviderNode;
  validTo: number;
  createdAt: number;
  state: AgreementState;
  approvedAt?: number;
  appSessionId?: string;
  proposedSignature?: string;
  approvedSignature?: string;
  committedSignature?: string;
  terminatedEvent?: AgreementEventRecord;
  /** Wakes `wait` long polls. */
  changed: Notifier;
  /** Both sides agreed to more than one activity. */
  multiActivity: boolean;
  /** Activities created and not yet ended. */
  liveActivities: number;
  /** The provider counts this agreement against `maxAgreements`. */
  holdsSlot: boolean;
  /** Pending provider actions: approval, validTo, idle timeout, expiration. */
  timers: Map<string, LongTimer>;
}
