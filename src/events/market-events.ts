import type { JsonObject } from "../json.js";
import type { OfferRejection } from "../strategy/rejection.js";
import type { ErrorInfo } from "./exc-info.js";

// The events of yapapi 0.5's `Executor.submit()` (yapapi.executor.events), field for field in
// camelCase, each with a `type` discriminant. Times are Unix epoch ms, durations ms, amounts
// decimal strings, errors `ErrorInfo`, absent values null. Fields are in yapapi's order.

// This file: the computation's start and end, the market, agreements and payments.

/** The computation began; `expires` is its deadline (epoch ms), also the demand's expiration. */
export interface ComputationStarted {
  readonly type: "ComputationStarted";
  readonly expires: number;
}
/** The computation ended: successfully when `excInfo` is null, with that error otherwise. */
export interface ComputationFinished {
  readonly type: "ComputationFinished";
  readonly excInfo: ErrorInfo | null;
}
/** The demand was published. */
export interface SubscriptionCreated {
  readonly type: "SubscriptionCreated";
  readonly subId: string;
}
/** The demand could not be published. */
export interface SubscriptionFailed {
  readonly type: "SubscriptionFailed";
  readonly reason: string;
}
/** Proposals could not be collected for a demand. */
export interface CollectFailed {
  readonly type: "CollectFailed";
  readonly subId: string;
  readonly reason: string;
}
/** An offer or counter-proposal arrived from `providerId`. */
export interface ProposalReceived {
  readonly type: "ProposalReceived";
  readonly propId: string;
  readonly providerId: string;
}
/**
 * A proposal was rejected; `reason` is what the provider was told. `rejection` (not in
 * yapapi) says why in a structured way, for a summary to count causes.
 */
export interface ProposalRejected {
  readonly type: "ProposalRejected";
  readonly propId: string;
  readonly reason: string | null;
  readonly rejection: OfferRejection | null;
}
/** A counter-proposal was sent. */
export interface ProposalResponded {
  readonly type: "ProposalResponded";
  readonly propId: string;
}
/** The provider accepted our counter-proposal (a draft proposal arrived). */
export interface ProposalConfirmed {
  readonly type: "ProposalConfirmed";
  readonly propId: string;
}
/** Handling a proposal failed with an error. */
export interface ProposalFailed {
  readonly type: "ProposalFailed";
  readonly propId: string;
  readonly excInfo: ErrorInfo | null;
}
/** No provider confirmed a proposal within `timeout` ms, though `numOffers` offers came. */
export interface NoProposalsConfirmed {
  readonly type: "NoProposalsConfirmed";
  readonly numOffers: number;
  readonly timeout: number;
}
/** What `AgreementCreated` tells of the provider (yapapi's `NodeInfo`). */
export interface ProviderInfo {
  readonly name?: string;
  readonly subnetTag?: string;
}
/** An agreement was proposed to a provider. */
export interface AgreementCreated {
  readonly type: "AgreementCreated";
  readonly agrId: string;
  readonly providerId: string;
  readonly providerInfo: ProviderInfo;
}
/** The provider approved the agreement. */
export interface AgreementConfirmed {
  readonly type: "AgreementConfirmed";
  readonly agrId: string;
}
/** The provider rejected the agreement or did not approve it in time. */
export interface AgreementRejected {
  readonly type: "AgreementRejected";
  readonly agrId: string;
}
/** The agreement was terminated; `reason` is the reason object, e.g. `{message, "golem.requestor.code"}`. */
export interface AgreementTerminated {
  readonly type: "AgreementTerminated";
  readonly agrId: string;
  readonly reason: JsonObject;
}
/** A debit note arrived; `amount` is its total amount due. */
export interface DebitNoteReceived {
  readonly type: "DebitNoteReceived";
  readonly agrId: string;
  readonly noteId: string;
  readonly amount: string;
}
/** An invoice was accepted (paid) for `amount`. */
export interface PaymentAccepted {
  readonly type: "PaymentAccepted";
  readonly agrId: string;
  readonly invId: string;
  readonly amount: string;
}
/** The agreement's payment is being prepared (after a batch or a worker). */
export interface PaymentPrepared {
  readonly type: "PaymentPrepared";
  readonly agrId: string;
}
/** The agreement awaits its invoice. */
export interface PaymentQueued {
  readonly type: "PaymentQueued";
  readonly agrId: string;
}
/** Accepting an invoice or a debit note failed. */
export interface PaymentFailed {
  readonly type: "PaymentFailed";
  readonly agrId: string;
  readonly excInfo: ErrorInfo | null;
}
/** An invoice arrived. */
export interface InvoiceReceived {
  readonly type: "InvoiceReceived";
  readonly agrId: string;
  readonly invId: string;
  readonly amount: string;
}
