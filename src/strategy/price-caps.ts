import { Decimal } from "decimal.js";
import { toDecimal } from "../props/fields.js";

/**
 * Price caps per usage counter, e.g. `{ [Counter.CPU]: "0.2" }`. A missing or null cap means
 * no cap for that counter (in strategies that price every counter).
 */
export type PriceCaps = Readonly<Record<string, Decimal.Value | null | undefined>>;

/**
 * Reads one cap exactly; `null`/`undefined` mean no cap (+Infinity), as yapapi's `None`. A
 * value that is not a number fails with a TypeError naming `what`.
 *
 * @example
 * readCap("0.1").toFixed(); // "0.1"
 * readCap(null).isFinite(); // false
 */
export function readCap(cap: Decimal.Value | null | undefined, what = "price cap"): Decimal {
  if (cap === null || cap === undefined) return new Decimal(Number.POSITIVE_INFINITY);
  if (Decimal.isDecimal(cap) || cap === Number.POSITIVE_INFINITY || cap === "Infinity")
    return new Decimal(cap);
  try {
    return toDecimal(cap);
  } catch (e) {
    throw new TypeError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Reads a caps table into a map of counter to cap, leaving out null entries.
 *
 * @example
 * readCaps({ "golem.usage.cpu_sec": 0.2 }).get("golem.usage.cpu_sec")?.toFixed(); // "0.2"
 */
export function readCaps(caps: PriceCaps, what = "price cap"): ReadonlyMap<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const [counter, cap] of Object.entries(caps)) {
    if (cap !== null && cap !== undefined) out.set(counter, readCap(cap, `${what} for ${counter}`));
  }
  return out;
}
