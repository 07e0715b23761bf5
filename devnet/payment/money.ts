import { Decimal as DecimalBase } from "decimal.js";

/**
 * Money for the ledger: exact decimals, never floats. The precision leaves room for
 * 30 integer digits plus 18 fraction digits through sums and price x usage products.
 */
export const Money = DecimalBase.clone({
  precision: 80,
  rounding: DecimalBase.ROUND_HALF_UP,
  toExpNeg: -100,
  toExpPos: 100,
});
export type Money = InstanceType<typeof Money>;

/** Provider costs are rounded to this many places, as the daemon's `PAYMENT_PRECISION`. */
export const PAYMENT_PRECISION = 18;

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LIMIT = new Money("1e30");

/**
 * Reads an amount given as a decimal string or a JSON number (the daemon accepts both),
 * refusing anything else, negatives, more than 18 decimal places, and absurd sizes.
 * Returns the amount, or a sentence saying what is wrong with it.
 *
 * @example
 * parseAmount("1.50"); // Money(1.5)
 * parseAmount(-1); // "must not be negative"
 */
export function parseAmount(value: unknown): Money | string {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "must be a finite number";
    text = String(value);
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return `must be a decimal string or a number, not ${value === null ? "null" : typeof value}`;
  }
  if (!DECIMAL_TEXT.test(text)) return `'${String(value)}' is not a decimal number`;
  const amount = new Money(text);
  if (amount.isNegative() && !amount.isZero()) return "must not be negative";
  if (amount.decimalPlaces() > PAYMENT_PRECISION) return `has more than ${PAYMENT_PRECISION} decimal places`;
  if (amount.gte(LIMIT)) return "is too large";
  return amount.abs();
}

/**
 * The daemon's decimal-string form: plain notation, no exponent, no trailing zeros.
 *
 * @example
 * formatAmount(new Money("10.0")); // "10"
 */
export function formatAmount(amount: Money): string {
  return amount.toFixed();
}

/** A float from a property (a price, a usage counter) as the exact decimal it prints as. */
function fromFloat(n: number): Money {
  return Number.isFinite(n) ? new Money(String(n)) : new Money(0);
}

/**
 * The linear pricing model: `coeffs[last] + Σ coeffs[i] * usage[i]`, rounded to 18
 * places. When there are as many coefficients as counters, there is no start price.
 *
 * @example
 * linearCost([0.1, 0.01, 1], [10, 100]); // Money(3)
 */
export function linearCost(coeffs: readonly number[], usage: readonly number[]): Money {
  const perCounter = coeffs.length > usage.length ? coeffs.slice(0, usage.length) : coeffs;
  const start = coeffs.length > usage.length ? fromFloat(coeffs[coeffs.length - 1]!) : new Money(0);
  let cost = start;
  perCounter.forEach((c, i) => {
    cost = cost.plus(fromFloat(c).times(fromFloat(usage[i] ?? 0)));
  });
  return cost.toDecimalPlaces(PAYMENT_PRECISION, Money.ROUND_HALF_UP);
}

/**
 * The larger of two amounts.
 *
 * @example
 * maxAmount(new Money(1), new Money(2)); // Money(2)
 */
export function maxAmount(a: Money, b: Money): Money {
  return a.gte(b) ? a : b;
}
