import { asString } from "../http/guards.js";
import { pathOf, type RestRequest } from "../http/rest-client.js";
import { Agreement } from "./agreement.js";
import type { Subscription } from "./subscription.js";
import type { DemandOfferBase, Properties, Proposal, ProposalState, Reason } from "./types.js";

/** How long an agreement made from a proposal stays valid by default (yapapi: 1 h). */
export const DEFAULT_AGREEMENT_VALIDITY_MS = 60 * 60 * 1000;

/**
 * A proposal received on a subscription: an offer (state `Initial`) or a provider's
 * counter-proposal (`Draft`). Respond to negotiate, reject to drop, or make an agreement
 * from a draft.
 *
 * @example
 * if (proposal.isDraft) {
 *   const agreement = await proposal.createAgreement();
 * } else {
 *   await proposal.respond(demand.properties, demand.constraints);
 * }
 */
export class OfferProposal {
  constructor(
    readonly subscription: Subscription,
    readonly data: Proposal,
  ) {}

  get id(): string {
    return this.data.proposalId;
  }

  /** The provider's node id. */
  get issuer(): string {
    return this.data.issuerId;
  }

  /** Flat properties of the offer. */
  get props(): Properties {
    return this.data.properties;
  }

  get constraints(): string {
    return this.data.constraints;
  }

  get state(): ProposalState {
    return this.data.state;
  }

  /** A provider's answer to our counter-proposal: ready to become an agreement. */
  get isDraft(): boolean {
    return this.data.state === "Draft";
  }

  /** The proposal this one answers; absent on initial offers. */
  get prevProposalId(): string | undefined {
    return this.data.prevProposalId;
  }

  /**
   * Rejects the proposal with a reason (a plain string becomes `{"message": reason}`).
   *
   * @example
   * await proposal.reject("Score too low");
   */
  async reject(reason: string | Reason = "Rejected"): Promise<void> {
    const body: Reason = typeof reason === "string" ? { message: reason } : reason;
    await this.subscription.client.request({
      method: "POST",
      path: pathOf`/demands/${this.subscription.id}/proposals/${this.id}/reject`,
      body,
    });
  }

  /**
   * Counters the proposal with our demand; resolves to the id of our new proposal.
   *
   * @example
   * const counterId = await proposal.respond(props, constraints);
   */
  async respond(props: Properties, constraints: string): Promise<string> {
    const body: DemandOfferBase = { properties: props, constraints };
    const req: RestRequest = {
      method: "POST",
      path: pathOf`/demands/${this.subscription.id}/proposals/${this.id}`,
      body,
      retry: ["timeout"],
    };
    const res = await this.subscription.client.request(req);
    return asString(res.body, this.subscription.client.site(req));
  }

  /**
   * Makes an agreement (state `Proposal`) from this proposal, valid until `validTo`
   * (default: one hour from now). Confirm it next.
   *
   * @example
   * const agreement = await draft.createAgreement(new Date(Date.now() + 30 * 60_000));
   * const approved = await agreement.confirm();
   */
  async createAgreement(
    validTo: Date = new Date(Date.now() + DEFAULT_AGREEMENT_VALIDITY_MS),
  ): Promise<Agreement> {
    const req: RestRequest = {
      method: "POST",
      path: "/agreements",
      body: { proposalId: this.id, validTo: validTo.toISOString() },
      retry: ["timeout"],
    };
    const res = await this.subscription.client.request(req);
    return new Agreement(this.subscription.client, asString(res.body, this.subscription.client.site(req)));
  }
}
