import type {
  AgreementEventRecord,
  AgreementRecord,
  DemandRecord,
  NegotiationEvent,
  ProposalRecord,
} from "./model.js";

/**
 * The market API's JSON objects, with the daemon's field names and omission rules
 * (yagna-protocol.md 2.2, 2.3, 2.6): optional fields are left out, never null, except
 * `AgreementListEntry.approvedDate`.
 */

/** Formats a ms timestamp as the daemon does (the devnet clock's `iso`). */
export type Iso = (ms: number) => string;

/**
 * A `Demand` object.
 *
 * @example
 * json(200, [...demands.values()].map((d) => demandJson(d, iso)));
 */
export function demandJson(d: DemandRecord, iso: Iso): Record<string, unknown> {
  return {
    properties: d.properties,
    constraints: d.constraints,
    demandId: d.demandId,
    requestorId: d.requestorId,
    timestamp: iso(d.timestamp),
  };
}

/**
 * A `Proposal` object; `prevProposalId` is omitted on Initial proposals.
 *
 * @example
 * json(200, proposalJson(proposal, iso));
 */
export function proposalJson(p: ProposalRecord, iso: Iso): Record<string, unknown> {
  const out: Record<string, unknown> = {
    properties: p.properties,
    constraints: p.constraints,
    proposalId: p.proposalId,
    issuerId: p.issuerId,
    state: p.state,
    timestamp: iso(p.timestamp),
  };
  if (p.prevProposalId !== undefined) out.prevProposalId = p.prevProposalId;
  return out;
}

/**
 * A `RequestorEvent` (ProposalEvent or ProposalRejectedEvent).
 *
 * @example
 * json(200, events.map((e) => negotiationEventJson(e, iso)));
 */
export function negotiationEventJson(e: NegotiationEvent, iso: Iso): Record<string, unknown> {
  if (e.kind === "proposal") {
    return {
      eventType: "ProposalEvent",
      eventDate: iso(e.eventDate),
      proposal: proposalJson(e.proposal, iso),
    };
  }
  const out: Record<string, unknown> = {
    eventType: "ProposalRejectedEvent",
    eventDate: iso(e.eventDate),
    proposalId: e.proposalId,
  };
  if (e.reason) out.reason = e.reason;
  return out;
}

/**
 * An `Agreement`: the demand is the requestor's last counter under the subscription's
 * id; the offer is the provider's draft under the offer's id.
 *
 * @example
 * json(200, agreementJson(agreement, iso));
 */
export function agreementJson(a: AgreementRecord, iso: Iso): Record<string, unknown> {
  const d = a.demandProposal;
  const o = a.offerProposal;
  const out: Record<string, unknown> = {
    agreementId: a.agreementId,
    demand: {
      properties: d.properties,
      constraints: d.constraints,
      demandId: a.demand.demandId,
      requestorId: d.issuerId,
      timestamp: iso(d.timestamp),
    },
    offer: {
      properties: o.properties,
      constraints: o.constraints,
      offerId: o.offer.offerId,
      providerId: o.issuerId,
      timestamp: iso(o.timestamp),
    },
    validTo: iso(a.validTo),
  };
  if (a.approvedAt !== undefined) out.approvedDate = iso(a.approvedAt);
  out.state = a.state;
  out.timestamp = iso(a.createdAt);
  if (a.appSessionId !== undefined) out.appSessionId = a.appSessionId;
  if (a.proposedSignature !== undefined) out.proposedSignature = a.proposedSignature;
  if (a.approvedSignature !== undefined) out.approvedSignature = a.approvedSignature;
  if (a.committedSignature !== undefined) out.committedSignature = a.committedSignature;
  return out;
}

/**
 * An `AgreementListEntry`.
 *
 * @example
 * json(200, list.map((a) => agreementListEntryJson(a, iso)));
 */
export function agreementListEntryJson(a: AgreementRecord, iso: Iso): Record<string, unknown> {
  return {
    id: a.agreementId,
    timestamp: iso(a.createdAt),
    approvedDate: a.approvedAt !== undefined ? iso(a.approvedAt) : null,
    role: "Requestor",
  };
}

/**
 * An `AgreementOperationEvent`; a terminated event carries terminator and signature.
 *
 * @example
 * json(200, events.map((e) => agreementEventJson(e, iso)));
 */
export function agreementEventJson(e: AgreementEventRecord, iso: Iso): Record<string, unknown> {
  const out: Record<string, unknown> = {
    eventType: e.eventType,
    eventDate: iso(e.eventDate),
    agreementId: e.agreementId,
  };
  if (e.eventType === "AgreementTerminatedEvent") {
    out.terminator = e.terminator;
    out.signature = "";
  }
  if (e.reason) out.reason = e.reason;
  return out;
}

/**
 * `GET /agreements/{id}/terminate/reason`: the termination event without its type.
 *
 * @example
 * json(200, terminateReasonJson(agreement.terminatedEvent!, iso));
 */
export function terminateReasonJson(e: AgreementEventRecord, iso: Iso): Record<string, unknown> {
  const out: Record<string, unknown> = {
    eventDate: iso(e.eventDate),
    agreementId: e.agreementId,
    terminator: e.terminator,
    signature: "",
  };
  if (e.reason) out.reason = e.reason;
  return out;
}
