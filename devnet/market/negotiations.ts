import type { DevnetContext, Reason } from "../context.js";
import { HttpError } from "../http.js";
import { evaluate, unmetConstraints } from "./constraint-eval.js";
import type { Demands } from "./demands.js";
import type { DemandRecord, ProposalRecord } from "./model.js";
import { type MarketOffer, offerConstraints } from "./offers.js";
import { negotiateStep } from "./provider-negotiator.js";
import type { DemandBody } from "./requests.js";
import type { MarketStore } from "./store.js";

const FINAL = "golem.proposal.rejection.is-final";

/**
 * The negotiation over proposals (yagna-protocol.md 2.4): the requestor counters or
 * rejects providers' proposals, and each simulated provider answers a counter on its
 * next tick with a Draft or a rejection, as its agent would (7.1).
 *
 * @example
 * const negotiations = new Negotiations(ctx, store, demands);
 * const counterId = negotiations.counter(subscriptionId, offerId, readDemandBody(req.body));
 */
export class Negotiations {
  constructor(
    private readonly ctx: DevnetContext,
    private readonly store: MarketStore,
    private readonly demands: Demands,
  ) {}

  /** The requestor's counter-proposal to a provider's proposal; returns the new id. */
  counter(subscriptionId: string, proposalId: string, body: DemandBody): string {
    const prev = this.#reactable(subscriptionId, proposalId);
    const id = this.ctx.ids.proposal();
    const offerSide = unmetConstraints(prev.constraint, body.properties);
    const demandSide = unmetConstraints(body.constraint, prev.properties);
    if (offerSide.length > 0 || demandSide.length > 0) {
      const list = (items: string[]) => `[${items.map((s) => JSON.stringify(s)).join(", ")}]`;
      throw new HttpError(
        400,
        `Proposal properties [${id}] doesn't match previous Proposal [${proposalId}]. Mismatched constraints - Offer: ${list(offerSide)}, Demand: ${list(demandSide)}`,
      );
    }
    if (prev.counteredBy !== undefined) {
      throw new HttpError(
        410,
        `Proposal [${proposalId}] already has counter proposal. Can't counter for the second time.`,
      );
    }
    // Countering a proposal the requestor rejected takes the rejection back, as the daemon does.
    if (prev.state === "Rejected") prev.state = prev.prevProposalId !== undefined ? "Draft" : "Initial";
    const counter: ProposalRecord = {
      proposalId: id,
      demand: prev.demand,
      offer: prev.offer,
      issuer: "requestor",
      issuerId: this.ctx.requestor.identity,
      state: "Draft",
      properties: body.properties,
      constraints: body.constraints,
      constraint: body.constraint,
      timestamp: this.ctx.clock.now(),
      prevProposalId: prev.proposalId,
    };
    prev.counteredBy = id;
    this.store.proposals.set(id, counter);
    this.ctx.clock.setTimeout(() => this.#providerAnswers(counter), 0);
    return id;
  }

  /** The requestor rejects a provider's proposal. */
  reject(subscriptionId: string, proposalId: string): void {
    this.#reactable(subscriptionId, proposalId).state = "Rejected";
  }

  /** A new Initial proposal for a pair whose agreement ended (2.4 point 8). */
  regenerate(demand: DemandRecord, offer: MarketOffer): void {
    if (!this.demands.live(demand)) return;
    const now = this.ctx.clock.now();
    this.demands.offer(demand, offer, offerConstraints(offer.subnet, now), now);
  }

  /** A provider got a free slot: it negotiates again the counters it postponed, as ya-provider. */
  renegotiate(offer: MarketOffer): void {
    for (const counter of this.store.takePostponed(offer.provider)) {
      this.ctx.clock.setTimeout(() => this.#providerAnswers(counter), 0);
    }
  }

  /** A proposal the requestor may counter or reject, after the daemon's checks. */
  #reactable(subscriptionId: string, proposalId: string): ProposalRecord {
    const p = this.store.proposal(subscriptionId, proposalId);
    if (p.issuer === "requestor") throw new HttpError(400, `Can't react to own Proposal [${proposalId}].`);
    if (p.demand.status === "unsubscribed")
      throw new HttpError(400, `Subscription [${subscriptionId}] wasn't found.`);
    if (!this.demands.live(p.demand)) throw new HttpError(410, `Subscription [${subscriptionId}] expired.`);
    return p;
  }

  /** The provider agent's answer to a counter: a Draft, or a rejection. */
  #providerAnswers(counter: ProposalRecord): void {
    const { demand, offer } = counter;
    if (!this.demands.live(demand)) return;
    const provider = offer.provider;
    const base = this.store.proposals.get(counter.prevProposalId!)!;
    const now = this.ctx.clock.now();
    const result = provider.config.faults.rejectProposals
      ? ({
          kind: "reject",
          message: "Proposal rejected by the provider (devnet fault: rejectProposals).",
          isFinal: true,
        } as const)
      : negotiateStep({
          provider,
          demand: counter.properties,
          offer: base.properties,
          now,
          hasFreeSlot: this.store.hasFreeSlot(provider),
        });
    if (result.kind === "reject") {
      // ya-provider keeps demands it rejected for now, and tries them again when a slot frees.
      if (!result.isFinal) this.store.postpone(provider, counter);
      counter.state = "Rejected";
      const reason: Reason = { message: result.message, [FINAL]: result.isFinal };
      this.demands.deliver(demand, {
        kind: "rejected",
        eventDate: now,
        proposalId: counter.proposalId,
        reason,
      });
      return;
    }
    if (counter.counteredBy !== undefined) return;
    const draft: ProposalRecord = {
      proposalId: this.ctx.ids.proposal(),
      demand,
      offer,
      issuer: "provider",
      issuerId: provider.id,
      state: "Draft",
      properties: result.offer,
      constraints: base.constraints,
      constraint: base.constraint,
      timestamp: now,
      prevProposalId: counter.proposalId,
    };
    // The daemon refuses a provider's counter that no longer matches the demand.
    if (
      evaluate(counter.constraint, draft.properties) !== "yes" ||
      evaluate(draft.constraint, counter.properties) !== "yes"
    ) {
      this.ctx.log(
        `market: ${provider.name}'s draft for ${counter.proposalId} does not match the demand; dropped`,
      );
      return;
    }
    if (counter.state === "Rejected") counter.state = "Draft";
    counter.counteredBy = draft.proposalId;
    this.store.proposals.set(draft.proposalId, draft);
    this.demands.deliver(demand, { kind: "proposal", eventDate: now, proposal: draft });
  }
}
