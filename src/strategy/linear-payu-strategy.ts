import type { DemandBuilder } from "../demand-builder.js";
import { InvalidPropertiesError } from "../errors.js";
import { PRICE_MODEL, PriceModel } from "../props/com.js";
import type { ComputationHistory, MarketStrategy, Offer, OfferEvaluation } from "./market-strategy.js";
import { SCORE_REJECTED } from "./scores.js";

/** The constraint both built-in strategies add: only linear pricing (yapapi's exact text). */
export const LINEAR_PRICING_CONSTRAINT = `(${PRICE_MODEL}=${PriceModel.LINEAR})`;

/**
 * What yapapi's two linear "payu" strategies share: they ask for linear pricing and score
 * an offer by evaluating it; an offer whose pricing cannot be read scores as rejected.
 * Subclasses say how an offer is evaluated.
 *
 * @example
 * class FlatMS extends LinearPayuStrategy {
 *   evaluateOffer() { return { score: SCORE_NEUTRAL, rejection: null }; }
 * }
 */
export abstract class LinearPayuStrategy implements MarketStrategy {
  /**
   * Adds `(golem.com.pricing.model=linear)`.
   *
   * @example
   * strategy.decorateDemand(builder);
   */
  decorateDemand(demand: DemandBuilder): void {
    demand.ensure(LINEAR_PRICING_CONSTRAINT);
  }

  /**
   * The score alone (`SCORE_REJECTED` for a rejected offer, including unreadable ones).
   *
   * @example
   * if (strategy.scoreOffer(offer) < SCORE_NEUTRAL) console.log("rejected");
   */
  scoreOffer(offer: Offer, history?: ComputationHistory): number {
    try {
      return this.evaluateOffer(offer, history).score;
    } catch (e) {
      if (e instanceof InvalidPropertiesError) return SCORE_REJECTED;
      throw e;
    }
  }

  /**
   * The score and, for a rejected offer, why. Throws `InvalidPropertiesError` for offers
   * whose pricing cannot be read (`assessOffer` turns it into a rejection).
   */
  abstract evaluateOffer(offer: Offer, history?: ComputationHistory): OfferEvaluation;
}
