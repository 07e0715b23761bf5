/** The usage vector simulated providers offer when an agreement does not say otherwise. */
export const DEFAULT_USAGE_VECTOR = ["golem.usage.cpu_sec", "golem.usage.duration_sec"];

/**
 * Orders measured counters as the offer's `golem.com.usage.vector` lists them;
 * counters the devnet does not measure read 0.
 *
 * @example
 * usageVector({ "golem.com.usage.vector": ["golem.usage.duration_sec", "golem.usage.cpu_sec"] }, { cpuSec: 1.5, durationSec: 10 });
 * // [10, 1.5]
 */
export function usageVector(
  offerProperties: Record<string, unknown>,
  counters: { cpuSec: number; durationSec: number },
): number[] {
  const declared = offerProperties["golem.com.usage.vector"];
  const names =
    Array.isArray(declared) && declared.every((n) => typeof n === "string")
      ? (declared as string[])
      : DEFAULT_USAGE_VECTOR;
  return names.map((name) => {
    if (name === "golem.usage.cpu_sec") return round(counters.cpuSec);
    if (name === "golem.usage.duration_sec") return round(counters.durationSec);
    return 0;
  });
}

/** Microsecond precision is plenty, and keeps float noise out of prices. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
