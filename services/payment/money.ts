import { Decimal } from "decimal.js";

/** An amount as callers may give it; numbers are read through their decimal text. */
export type Amount = Decimal | string | number;

/**
 * Reads an amount into a Decimal. The daemon writes money as decimal strings ("13.14000")
 * and accepts JSON numbers too, so both are read; anything else is a TypeError naming `what`.
 *
 * @example
 * toDecimal("0.000123456789012345").plus(1).toFixed(); // "1.000123456789012345"
 */
export function toDecimal(value: unknown, what = "amount"): Decimal {
  if (Decimal.isDecimal(value)) return value;
  if ((typeof value === "string" && value.trim() !== "") || typeof value === "number") {
    try {
      const d = new Decimal(value);
      if (d.isFinite()) return d;
    } catch {
      // Reported below with the field's name.
    }
  }
  throw new TypeError(`${what}: not a decimal amount: ${JSON.stringify(value)}`);
}

/**
 * Writes an amount as the decimal string the daemon expects: plain notation, never an
 * exponent, no precision lost.
 *
 * @example
 * decimalString(new Decimal("1e-18")); // "0.000000000000000001"
 */
export function decimalString(value: Amount): string {
  return toDecimal(value).toFixed();
}
