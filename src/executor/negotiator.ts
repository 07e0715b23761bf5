/**
 * The rules the offer feed (services/actors/market.actors.ts) negotiates by: the market
 * strategy's score, with the computation's history, and yapapi's counter-proposal checks
 * (subnet, common payment platform, debit-note acceptance timeout), plus the provider's
 * debit-note interval echoed back.
 */
import type { OfferNegotiator } from "../../services/actors/market.actors.js";
import type { ComputationEvent } from "../events/types.js";
import { toJsonValue } from "../json.js";
import { CHOSEN_PLATFORM } from "../props/payment.js";
import {
  assessOffer,
  type ComputationHistory,
  isPromise,
  type MarketStrategy,
  type OfferEvaluation,
} from "../strategy/market-strategy.js";
import { counterProposalTerms } from "../strategy/offer-checks.js";

/** `golem.com.scheme.payu.debit-note.interval-sec?`: how often the provider sends debit notes. */
export const DEBIT_NOTE_INTERVAL_PROP = "golem.com.scheme.payu.debit-note.interval-sec?";

/**
 * yapapi's `ComputationHistory`, read off the event log: a provider whose last agreement was
 * rejected (or not approved in time) is remembered until it approves one.
 *
 * @example
 * const history = new AgreementHistory();
 * executorEvents.forEach((e) => history.record(e));
 * history.rejectedLastAgreement(providerId);
 */
export class AgreementHistory implements ComputationHistory {
  readonly #providerOf = new Map<string, string>();
  readonly #rejecting = new Set<string>();

  record(event: ComputationEvent): void {
    if (event.type === "AgreementCreated") this.#providerOf.set(event.agrId, event.providerId);
    const provider = "agrId" in event ? this.#providerOf.get(event.agrId) : undefined;
    if (provider === undefined) return;
    if (event.type === "AgreementRejected") this.#rejecting.add(provider);
    if (event.type === "AgreementConfirmed") this.#rejecting.delete(provider);
  }

  rejectedLastAgreement(issuerId: string): boolean {
    return this.#rejecting.has(issuerId);
  }
}

/**
 * The negotiator for a strategy and a history.
 *
 * @example
 * const negotiator = strategyNegotiator(defaultMarketStrategy(), new AgreementHistory());
 */
export function strategyNegotiator(strategy: MarketStrategy, history: ComputationHistory): OfferNegotiator {
  return {
    evaluate(offer) {
      const answer = assessOffer(strategy, offer, history);
      const read = (e: OfferEvaluation) => ({
        score: e.score,
        reason: e.rejection?.reason ?? null,
        rejection: toJsonValue(e.rejection),
      });
      return isPromise(answer) ? answer.then(read) : read(answer);
    },
    counterTerms(offer, platforms, subnetTag) {
      const terms = counterProposalTerms(offer.props, { allocationPlatforms: platforms, subnetTag });
      if (!terms.ok)
        return {
          ok: false as const,
          reason: terms.rejection.reason,
          rejection: toJsonValue(terms.rejection),
        };
      const properties = { ...terms.value };
      // We accept debit notes as often as the provider sends them; a demand without the
      // key would leave the provider at its default (yapapi 0.5 never negotiated it).
      const interval = offer.props[DEBIT_NOTE_INTERVAL_PROP];
      if (typeof interval === "number" && interval > 0) properties[DEBIT_NOTE_INTERVAL_PROP] = interval;
      return { ok: true as const, properties, platform: String(terms.value[CHOSEN_PLATFORM]) };
    },
  };
}
