import type { Decimal } from "decimal.js";
import { Counter } from "../props/com.js";
import {
  FIXED_PRICE,
  priceCapRejection,
  readLinearPayu,
  unsupportedCounterRejection,
} from "./linear-offer.js";
import { LinearPayuStrategy } from "./linear-payu-strategy.js";
import type { ComputationHistory, Offer, OfferEvaluation } from "./market-strategy.js";
import { type PriceCaps, readCap, readCaps } from "./price-caps.js";
import { SCORE_NEUTRAL, SCORE_REJECTED } from "./scores.js";

/** Options of `DummyMS` (yapapi's `max_fixed` and `max_for_counter`). */
export interface DummyOptions {
  /** Highest fixed price accepted; default 0.05. */
  maxFixedPrice?: Decimal.Value;
  /** Highest price per counter; a counter not listed is not accepted. Default: time 0.002, CPU 0.02. */
  maxPricePerCounter?: PriceCaps;
}

/** yapapi's default caps of `DummyMS`. */
export const DUMMY_DEFAULT_CAPS: PriceCaps = Object.freeze({
  [Counter.TIME]: "0.002",
  [Counter.CPU]: "0.02",
});

/**
 * The simplest strategy, as in yapapi 0.5: `SCORE_NEUTRAL` for every linear pay-as-you-go
 * offer whose fixed price and per-counter prices are within the caps (a price equal to its
 * cap passes), `SCORE_REJECTED` otherwise, including offers that price a counter without a
 * cap. All accepted offers tie, so the choice among them is random.
 *
 * @example
 * const strategy = new DummyMS({ maxFixedPrice: "0.1" });
 * strategy.scoreOffer(offer); // 0 or -1
 */
export class DummyMS extends LinearPayuStrategy {
  readonly maxFixedPrice: Decimal;
  readonly maxPricePerCounter: ReadonlyMap<string, Decimal>;

  constructor(options: DummyOptions = {}) {
    super();
    this.maxFixedPrice = readCap(options.maxFixedPrice ?? "0.05", "maxFixedPrice");
    this.maxPricePerCounter = readCaps(
      options.maxPricePerCounter ?? DUMMY_DEFAULT_CAPS,
      "maxPricePerCounter",
    );
  }

  /**
   * The score and, for a rejected offer, why. Throws `InvalidPropertiesError` for offers
   * whose pricing cannot be read.
   *
   * @example
   * const { rejection } = strategy.evaluateOffer(offer);
   */
  evaluateOffer(offer: Offer, _history?: ComputationHistory): OfferEvaluation {
    const pricing = readLinearPayu(offer);
    if (!pricing.ok) return { score: SCORE_REJECTED, rejection: pricing.rejection };
    const { linear } = pricing;
    if (linear.fixedPrice.gt(this.maxFixedPrice)) {
      return {
        score: SCORE_REJECTED,
        rejection: priceCapRejection(FIXED_PRICE, linear.fixedPrice, this.maxFixedPrice),
      };
    }
    for (const [counter, price] of linear.pricePerCounter) {
      const cap = this.maxPricePerCounter.get(counter);
      if (cap === undefined)
        return { score: SCORE_REJECTED, rejection: unsupportedCounterRejection(counter) };
      if (price.gt(cap)) return { score: SCORE_REJECTED, rejection: priceCapRejection(counter, price, cap) };
    }
    return { score: SCORE_NEUTRAL, rejection: null };
  }
}
