import type { Decimal } from "decimal.js";
import { Counter } from "../props/com.js";
import {
  FIXED_PRICE,
  negativePriceRejection,
  priceCapRejection,
  readLinearPayu,
  unsupportedCounterRejection,
} from "./linear-offer.js";
import { LinearPayuStrategy } from "./linear-payu-strategy.js";
import type { ComputationHistory, Offer, OfferEvaluation } from "./market-strategy.js";
import { type PriceCaps, readCap, readCaps } from "./price-caps.js";
import { type OfferRejection, offerRejection } from "./rejection.js";
import { SCORE_REJECTED, SCORE_TRUSTED } from "./scores.js";

export { LINEAR_PRICING_CONSTRAINT } from "./linear-payu-strategy.js";

/** Options of `LeastExpensiveLinearPayuMS` (yapapi's names in camelCase). */
export interface LeastExpensiveOptions {
  /** How long a computation is expected to run on one provider, in seconds; default 60. */
  expectedTimeSecs?: number;
  /** Highest fixed (start) price accepted; default none (yapapi: `Decimal("inf")`, `None` = inf). */
  maxFixedPrice?: Decimal.Value | null;
  /** Highest price per unit of each counter (yapapi's `max_price_for`); a counter left out is uncapped. */
  maxPricePerCounter?: PriceCaps;
}

/** The two counters this strategy prices, in the order they are checked and summed. */
const TIME_PRICES: readonly string[] = [Counter.TIME, Counter.CPU];

function rejected(rejection: OfferRejection): OfferEvaluation {
  return { score: SCORE_REJECTED, rejection };
}

/**
 * Scores offers by their cost for the expected computation time, as yapapi 0.5 does: the
 * offer must be linear pay-as-you-go and price only `golem.usage.duration_sec` and
 * `golem.usage.cpu_sec`; prices must not be negative or strictly above their caps; then
 * `score = 100 / (fixed + (priceTime + priceCpu) * expectedTimeSecs + 1.01)`, in (0, 100)
 * and strictly decreasing with the expected cost. Caps are compared exactly in decimal (a
 * price equal to its cap passes). The score itself is computed in floating point in yapapi's
 * order, so it equals yapapi's to the last bit. Where yapapi crashed on an offer that lacks
 * one of the two prices (a KeyError), this rejects it as `invalid-properties`.
 *
 * @example
 * const strategy = new LeastExpensiveLinearPayuMS({ maxFixedPrice: "1.0", maxPricePerCounter: { [Counter.CPU]: "0.2" } });
 * strategy.scoreOffer(offer); // 84.03361344537815 for coeffs [0.001, 0.002, 0.0] over [cpu_sec, duration_sec]
 */
export class LeastExpensiveLinearPayuMS extends LinearPayuStrategy {
  readonly expectedTimeSecs: number;
  readonly maxFixedPrice: Decimal;
  readonly maxPricePerCounter: ReadonlyMap<string, Decimal>;

  constructor(options: LeastExpensiveOptions = {}) {
    super();
    const time = options.expectedTimeSecs ?? 60;
    if (!Number.isFinite(time) || time < 0)
      throw new TypeError(`expectedTimeSecs: expected a number >= 0, got ${time}`);
    this.expectedTimeSecs = time;
    this.maxFixedPrice = readCap(options.maxFixedPrice, "maxFixedPrice");
    this.maxPricePerCounter = readCaps(options.maxPricePerCounter ?? {}, "maxPricePerCounter");
  }

  /**
   * The score and, for a rejected offer, why. Throws `InvalidPropertiesError` for offers
   * whose pricing cannot be read (`assessOffer` turns it into a rejection).
   *
   * @example
   * const { score, rejection } = strategy.evaluateOffer(offer);
   */
  evaluateOffer(offer: Offer, _history?: ComputationHistory): OfferEvaluation {
    const pricing = readLinearPayu(offer);
    if (!pricing.ok) return rejected(pricing.rejection);
    const { linear } = pricing;
    for (const counter of linear.pricePerCounter.keys()) {
      if (!TIME_PRICES.includes(counter)) return rejected(unsupportedCounterRejection(counter));
    }
    if (linear.fixedPrice.gt(this.maxFixedPrice)) {
      return rejected(priceCapRejection(FIXED_PRICE, linear.fixedPrice, this.maxFixedPrice));
    }
    if (linear.fixedPrice.lt(0)) return rejected(negativePriceRejection(FIXED_PRICE, linear.fixedPrice));
    let expectedPrice = linear.fixedPrice.toNumber();
    for (const counter of TIME_PRICES) {
      const price = linear.pricePerCounter.get(counter);
      if (price === undefined) {
        return rejected(
          offerRejection("invalid-properties", `the offer has no price for '${counter}'`, {
            subject: counter,
          }),
        );
      }
      const cap = this.maxPricePerCounter.get(counter);
      if (cap !== undefined && price.gt(cap)) return rejected(priceCapRejection(counter, price, cap));
      if (price.lt(0)) return rejected(negativePriceRejection(counter, price));
      expectedPrice += price.toNumber() * this.expectedTimeSecs;
    }
    return { score: (SCORE_TRUSTED * 1.0) / (expectedPrice + 1.01), rejection: null };
  }
}
