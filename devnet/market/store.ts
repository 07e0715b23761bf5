import type { ProviderNode } from "../context.js";
import { HttpError } from "../http.js";
import { AgreementEventLog } from "./agreement-events.js";
import { debugSubscription } from "./format.js";
import { OfferIndex } from "./matcher.js";
import type { AgreementRecord, DemandRecord, ProposalRecord } from "./model.js";
import type { MarketOffer } from "./offers.js";

/**
 * Everything the market remembers: demands, proposals, agreements, the published
 * offers, and per provider the agreements it runs and the demands it postponed.
 *
 * @example
 * const store = new MarketStore(offers);
 * store.proposal(subscriptionId, proposalId); // or a 404 HttpError
 */
export class MarketStore {
  readonly demands = new Map<string, DemandRecord>();
  readonly proposals = new Map<string, ProposalRecord>();
  readonly agreements = new Map<string, AgreementRecord>();
  readonly events = new AgreementEventLog();
  readonly offers: MarketOffer[];
  readonly index: OfferIndex;
  /** Agreements each provider counts against `maxAgreements`, by provider id. */
  readonly #slots = new Map<string, Set<string>>();
  /** Counter-proposals each provider rejected for now (not finally), by provider id. */
  readonly #postponed = new Map<string, ProposalRecord[]>();

  constructor(offers: MarketOffer[]) {
    this.offers = offers;
    this.index = new OfferIndex(offers);
  }

  /** A proposal of this subscription, or the daemon's 404. */
  proposal(subscriptionId: string, proposalId: string): ProposalRecord {
    const p = this.proposals.get(proposalId);
    if (!p || p.demand.demandId !== subscriptionId) {
      throw new HttpError(
        404,
        `Proposal [${proposalId}] not found (subscription [${debugSubscription(subscriptionId)}]).`,
      );
    }
    return p;
  }

  /** An agreement, or the daemon's 404. */
  agreement(agreementId: string): AgreementRecord {
    const a = this.agreements.get(agreementId);
    if (!a) throw new HttpError(404, `Agreement [${agreementId}] not found.`);
    return a;
  }

  hasFreeSlot(provider: ProviderNode): boolean {
    return (this.#slots.get(provider.id)?.size ?? 0) < provider.config.maxAgreements;
  }

  /** Counts an agreement against its provider's capacity. */
  holdSlot(a: AgreementRecord): void {
    const set = this.#slots.get(a.provider.id) ?? new Set<string>();
    set.add(a.agreementId);
    this.#slots.set(a.provider.id, set);
    a.holdsSlot = true;
  }

  /** Frees an agreement's slot; returns true if it held one. */
  releaseSlot(a: AgreementRecord): boolean {
    if (!a.holdsSlot) return false;
    a.holdsSlot = false;
    this.#slots.get(a.provider.id)?.delete(a.agreementId);
    return true;
  }

  postpone(provider: ProviderNode, counter: ProposalRecord): void {
    const list = this.#postponed.get(provider.id) ?? [];
    list.push(counter);
    this.#postponed.set(provider.id, list);
  }

  /** Takes every counter the provider postponed, to negotiate them again. */
  takePostponed(provider: ProviderNode): ProposalRecord[] {
    const list = this.#postponed.get(provider.id) ?? [];
    this.#postponed.delete(provider.id);
    return list;
  }
}
