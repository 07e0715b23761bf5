import type { DemandBuilder } from "../demand-builder.js";
import { Counter } from "../props/com.js";
import { LeastExpensiveLinearPayuMS } from "./least-expensive.js";
import {
  assessOffer,
  type ComputationHistory,
  isPromise,
  type MarketStrategy,
  type Offer,
  type OfferEvaluation,
} from "./market-strategy.js";

/** yapapi's factor for providers whose last agreement was not approved. */
export const UNCONFIRMED_AGREEMENT_FACTOR = 0.5;

/**
 * Wraps a strategy so that offers from a provider whose last agreement with us was not
 * approved score lower: a positive base score is multiplied by `factor` (default 0.5), so an
 * unresponsive cheapest provider is not tried first again and again (yapapi issue #245).
 * Zero and negative scores are left alone. As in yapapi, the base strategy is not given the
 * history. The provider is forgiven as soon as it approves an agreement (the history says so).
 *
 * @example
 * const strategy = new DecreaseScoreForUnconfirmedAgreement(new LeastExpensiveLinearPayuMS(), 0.5);
 * strategy.scoreOffer(offer, { rejectedLastAgreement: (id) => id === offer.issuer }); // half the base score
 */
export class DecreaseScoreForUnconfirmedAgreement implements MarketStrategy {
  constructor(
    readonly baseStrategy: MarketStrategy,
    readonly factor: number = UNCONFIRMED_AGREEMENT_FACTOR,
  ) {
    if (!Number.isFinite(factor) || factor < 0)
      throw new TypeError(`factor: expected a number >= 0, got ${factor}`);
  }

  /**
   * Lets the base strategy decorate the demand.
   *
   * @example
   * await strategy.decorateDemand(builder);
   */
  decorateDemand(demand: DemandBuilder): void | Promise<void> {
    return this.baseStrategy.decorateDemand(demand);
  }

  /**
   * The base score, decreased for a provider that did not approve its last agreement.
   *
   * @example
   * const score = await strategy.scoreOffer(offer, history);
   */
  scoreOffer(offer: Offer, history?: ComputationHistory): number | Promise<number> {
    const evaluation = this.evaluateOffer(offer, history);
    return isPromise(evaluation) ? evaluation.then((e) => e.score) : evaluation.score;
  }

  /**
   * The decreased score with the base strategy's rejection, if any.
   *
   * @example
   * const { score, rejection } = await strategy.evaluateOffer(offer, history);
   */
  evaluateOffer(offer: Offer, history?: ComputationHistory): OfferEvaluation | Promise<OfferEvaluation> {
    const base = assessOffer(this.baseStrategy, offer);
    const decrease = (e: OfferEvaluation): OfferEvaluation =>
      e.score > 0 && history?.rejectedLastAgreement(offer.issuer)
        ? { score: e.score * this.factor, rejection: null }
        : e;
    return isPromise(base) ? base.then(decrease) : decrease(base);
  }
}

/**
 * The strategy an executor uses when given none (yapapi 0.5.1+): the least-expensive
 * strategy with caps of 1.0 on the fixed price, 0.2 per CPU second and 0.1 per second of
 * duration, wrapped to decrease by half the score of providers that did not approve their
 * last agreement. A new instance per call, so executors never share one.
 *
 * @example
 * const strategy = defaultMarketStrategy();
 * strategy.baseStrategy instanceof LeastExpensiveLinearPayuMS; // true
 */
export function defaultMarketStrategy(): DecreaseScoreForUnconfirmedAgreement {
  return new DecreaseScoreForUnconfirmedAgreement(
    new LeastExpensiveLinearPayuMS({
      maxFixedPrice: "1.0",
      maxPricePerCounter: { [Counter.CPU]: "0.2", [Counter.TIME]: "0.1" },
    }),
    UNCONFIRMED_AGREEMENT_FACTOR,
  );
}
