import type { Decimal } from "decimal.js";
import type { Props } from "./fields.js";
import { booleanField, decimalField, secondsField, timestampField } from "./fields.js";
import { Model, type ModelFields, readModel } from "./model.js";

/** The fields of `Activity`. */
export interface ActivityFields {
  /**
   * Hard cap on the activity's total cost, whatever the usage or pricing: the provider may
   * kill an activity that exceeds it (`golem.activity.cost_cap`).
   */
  costCap?: Decimal;
  /**
   * Soft cap: when reached, the provider is expected to send a debit note with the amount
   * due (`golem.activity.cost_warning`).
   */
  costWarning?: Decimal;
  /**
   * Batch timeout the provider applies, in milliseconds; the property is in seconds
   * (`golem.activity.timeout_secs`), and fractions are kept.
   */
  timeout?: number;
  /** When the agreement expires, as Unix epoch milliseconds (`golem.srv.comp.expiration`). */
  expiration?: number;
  /** Whether more than one activity may run per agreement (`golem.srv.caps.multi-activity`). */
  multiActivity?: boolean;
}

/**
 * Activity-related properties of a demand or an offer.
 *
 * @example
 * builder.add(new Activity({ expiration: Date.now() + 15 * 60_000, multiActivity: true }));
 * // golem.srv.comp.expiration = <ms>, golem.srv.caps.multi-activity = true
 */
export class Activity extends Model implements ActivityFields {
  static override readonly fields: ModelFields<ActivityFields> = {
    costCap: decimalField("golem.activity.cost_cap"),
    costWarning: decimalField("golem.activity.cost_warning"),
    timeout: secondsField("golem.activity.timeout_secs"),
    expiration: timestampField("golem.srv.comp.expiration"),
    multiActivity: booleanField("golem.srv.caps.multi-activity"),
  };

  readonly costCap?: Decimal;
  readonly costWarning?: Decimal;
  readonly timeout?: number;
  readonly expiration?: number;
  readonly multiActivity?: boolean;

  constructor(init: ActivityFields = {}) {
    super();
    this.costCap = init.costCap;
    this.costWarning = init.costWarning;
    this.timeout = init.timeout;
    this.expiration = init.expiration;
    this.multiActivity = init.multiActivity;
    if (new.target === Activity) Object.freeze(this);
  }

  /**
   * Reads an `Activity` from flat properties; see `readModel`.
   *
   * @example
   * const x = Activity.fromProperties(offer.props);
   */
  static override fromProperties(props: Props): Activity {
    return readModel(Activity, props);
  }
}
