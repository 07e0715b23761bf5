import type { Decimal } from "decimal.js";
import { BillingScheme } from "../props/com.js";
import { ComLinear } from "../props/com-linear.js";
import type { Offer } from "./market-strategy.js";
import { type OfferRejection, offerRejection } from "./rejection.js";

/** Either the offer's linear pricing or why it cannot be used. */
export type LinearPricing =
  | { readonly ok: true; readonly linear: ComLinear }
  | { readonly ok: false; readonly rejection: OfferRejection };

/**
 * Reads an offer's linear pay-as-you-go pricing, the first step of both built-in strategies:
 * an `InvalidPropertiesError` (thrown, so that `assessOffer` turns it into an
 * `invalid-properties` rejection), or an `unsupported-scheme` rejection for other schemes.
 *
 * @example
 * const pricing = readLinearPayu(offer);
 * if (!pricing.ok) return { score: SCORE_REJECTED, rejection: pricing.rejection };
 */
export function readLinearPayu(offer: Offer): LinearPricing {
  const linear = ComLinear.fromProperties(offer.props);
  if (linear.scheme !== BillingScheme.PAYU) {
    return {
      ok: false,
      rejection: offerRejection("unsupported-scheme", `unsupported scheme '${linear.scheme}'`, {
        subject: "golem.com.scheme",
        value: linear.scheme,
        limit: BillingScheme.PAYU,
      }),
    };
  }
  return { ok: true, linear };
}

/** The `subject` of rejections about the fixed (start) price rather than a counter's price. */
export const FIXED_PRICE = "fixed price";

function label(subject: string): string {
  return subject === FIXED_PRICE ? subject : `price for '${subject}'`;
}

/**
 * The rejection for a price strictly above its cap (a price equal to the cap is accepted);
 * `subject` is a usage counter or `FIXED_PRICE`.
 *
 * @example
 * priceCapRejection(FIXED_PRICE, new Decimal("2"), new Decimal("1")).message;
 * // "fixed price 2 is higher than the price cap 1"
 */
export function priceCapRejection(subject: string, price: Decimal, cap: Decimal): OfferRejection {
  return offerRejection(
    "price-cap",
    `${label(subject)} ${price.toFixed()} is higher than the price cap ${cap.toFixed()}`,
    {
      subject,
      value: price.toFixed(),
      limit: cap.toFixed(),
    },
  );
}

/**
 * The rejection for a negative price; `subject` is a usage counter or `FIXED_PRICE`.
 *
 * @example
 * negativePriceRejection(FIXED_PRICE, new Decimal("-0.1")).message; // "negative fixed price -0.1"
 */
export function negativePriceRejection(subject: string, price: Decimal): OfferRejection {
  return offerRejection("negative-price", `negative ${label(subject)} ${price.toFixed()}`, {
    subject,
    value: price.toFixed(),
    limit: "0",
  });
}

/**
 * The rejection for a usage counter the strategy does not price.
 *
 * @example
 * unsupportedCounterRejection("golem.usage.gib").kind; // "unsupported-counter"
 */
export function unsupportedCounterRejection(counter: string): OfferRejection {
  return offerRejection("unsupported-counter", `unsupported counter '${counter}'`, {
    subject: counter,
    value: counter,
  });
}
