import type { Decimal } from "decimal.js";
import { InvalidPropertiesError } from "../errors.js";
import { Com, type ComFields, DEFINED_USAGES, LINEAR_COEFFS, PRICE_MODEL, PriceModel } from "./com.js";
import type { Props } from "./fields.js";
import { decimalItem, listField, required, stringItem } from "./fields.js";
import { type ModelFields, readModel } from "./model.js";

/** The fields of `ComLinear`. */
export interface ComLinearFields extends ComFields {
  /** The coefficients: one price per usage counter, in vector order, then the fixed price. */
  linearCoeffs: readonly Decimal[];
  /** The usage counters the coefficients price, in order. */
  usageVector: readonly string[];
}

/**
 * A linear pricing model: `cost = fixedPrice + Σ pricePerCounter[c] * usage[c]`. As in yapapi
 * the fixed price is the LAST coefficient and the others price the usage counters in the
 * order of `golem.com.usage.vector`. Reading fails with `InvalidPropertiesError` unless the
 * pricing model is `linear` and there is exactly one coefficient per counter plus one
 * (`len(coeffs) == len(usage) + 1`); coefficients are read exactly into Decimals. Both lists
 * may also come as JSON text, as yapapi's `as_list` allows.
 *
 * @example
 * const linear = ComLinear.fromProperties({
 *   "golem.com.scheme": "payu",
 *   "golem.com.pricing.model": "linear",
 *   "golem.com.pricing.model.linear.coeffs": [0.001, 0.002, 0.1],
 *   "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"],
 * });
 * linear.fixedPrice.toFixed(); // "0.1"
 * linear.pricePerCounter.get(Counter.CPU)?.toFixed(); // "0.001"
 */
export class ComLinear extends Com implements ComLinearFields {
  static override readonly fields: ModelFields<ComLinearFields> = {
    ...Com.fields,
    linearCoeffs: required(listField(LINEAR_COEFFS, decimalItem, (d: Decimal) => d.toNumber())),
    usageVector: required(listField(DEFINED_USAGES, stringItem)),
  };

  readonly linearCoeffs: readonly Decimal[];
  readonly usageVector: readonly string[];
  /** The fixed (start) price: the last coefficient. */
  readonly fixedPrice: Decimal;
  /** The price of one unit of each usage counter, in vector order. */
  readonly pricePerCounter: ReadonlyMap<string, Decimal>;

  constructor(init: ComLinearFields) {
    super(init);
    if (init.priceModel !== PriceModel.LINEAR) {
      throw new InvalidPropertiesError(
        `${PRICE_MODEL}: expected linear pricing model, got '${init.priceModel}'`,
        PRICE_MODEL,
      );
    }
    const coeffs = init.linearCoeffs;
    const usages = init.usageVector;
    if (coeffs.length !== usages.length + 1) {
      throw new InvalidPropertiesError(
        `${LINEAR_COEFFS}: expected ${usages.length + 1} coefficients (one per counter of ${DEFINED_USAGES}, ` +
          `then the fixed price), got ${coeffs.length}`,
        LINEAR_COEFFS,
      );
    }
    this.linearCoeffs = Object.freeze([...coeffs]);
    this.usageVector = Object.freeze([...usages]);
    this.fixedPrice = coeffs[coeffs.length - 1]!;
    this.pricePerCounter = new Map(usages.map((counter, i) => [counter, coeffs[i]!]));
    if (new.target === ComLinear) Object.freeze(this);
  }

  /**
   * Reads a `ComLinear` from flat properties; see `readModel`.
   *
   * @example
   * const x = ComLinear.fromProperties(offer.props);
   */
  static override fromProperties(props: Props): ComLinear {
    return readModel(ComLinear, props);
  }
}
