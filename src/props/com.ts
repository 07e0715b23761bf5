import type { Props } from "./fields.js";
import { required, stringField } from "./fields.js";
import { Model, type ModelFields, readModel } from "./model.js";

/** `golem.com.scheme`: the billing scheme of an offer. */
export const SCHEME = "golem.com.scheme";
/** `golem.com.pricing.model`: the pricing model of an offer. */
export const PRICE_MODEL = "golem.com.pricing.model";
/** `golem.com.pricing.model.linear.coeffs`: one price per usage counter, then the fixed price. */
export const LINEAR_COEFFS = "golem.com.pricing.model.linear.coeffs";
/** `golem.com.usage.vector`: the usage counters the coefficients apply to, in order. */
export const DEFINED_USAGES = "golem.com.usage.vector";

/** Billing schemes (yapapi 0.5 knows one). */
export const BillingScheme = Object.freeze({ PAYU: "payu" } as const);

/** Pricing models (yapapi 0.5 knows one). */
export const PriceModel = Object.freeze({ LINEAR: "linear" } as const);

/** The usage counters yapapi 0.5 names; offers may use others, which strategies reject. */
export const Counter = Object.freeze({
  TIME: "golem.usage.duration_sec",
  CPU: "golem.usage.cpu_sec",
  STORAGE: "golem.usage.storage_gib",
  MAXMEM: "golem.usage.gib",
  UNKNOWN: "",
} as const);

/** A usage counter name such as `golem.usage.cpu_sec`. */
export type Counter = (typeof Counter)[keyof typeof Counter];

/** The fields of `Com`. */
export interface ComFields {
  /** Billing scheme, e.g. `payu` (`golem.com.scheme`). */
  scheme: string;
  /** Pricing model, e.g. `linear` (`golem.com.pricing.model`). */
  priceModel: string;
}

/**
 * Payment-related properties of an offer: its billing scheme and pricing model, both
 * required. Unlike yapapi, where both were enums and any other value made the offer
 * unreadable, the values are kept as text so that a strategy can reject an unknown scheme
 * with a reason of its own.
 *
 * @example
 * const com = Com.fromProperties(offer.props);
 * if (com.scheme !== BillingScheme.PAYU) console.log("unsupported scheme");
 */
export class Com extends Model implements ComFields {
  static override readonly fields: ModelFields<ComFields> = {
    scheme: required(stringField(SCHEME)),
    priceModel: required(stringField(PRICE_MODEL)),
  };

  readonly scheme: string;
  readonly priceModel: string;

  constructor(init: ComFields) {
    super();
    this.scheme = init.scheme;
    this.priceModel = init.priceModel;
    if (new.target === Com) Object.freeze(this);
  }

  /**
   * Reads a `Com` from flat properties; see `readModel`.
   *
   * @example
   * const x = Com.fromProperties(offer.props);
   */
  static override fromProperties(props: Props): Com {
    return readModel(Com, props);
  }
}
