/**
 * Benchmark of the orchestrator's offer scoring (issue 4's speed target): the time to
 * score 10 000 offers with the default strategy (target <= 1 s), in this process. The
 * memory of 100 000 queued tasks and the idle CPU are scenarios of the compare harness
 * (bench/compare/), which measures the requestor in a process of its own.
 */
import { assessOffer, defaultMarketStrategy, type Offer } from "../src/strategy/index.js";

/** What the SDK benchmark measured. */
export interface SdkBenchResult {
  scoreMsFor10kOffers: number;
  offersWithinCaps: number;
}

function syntheticOffer(i: number): Offer {
  return {
    id: `R-${i.toString(16).padStart(64, "0")}`,
    issuer: `0x${i.toString(16).padStart(40, "0")}`,
    props: {
      "golem.com.scheme": "payu",
      "golem.com.pricing.model": "linear",
      "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"],
      "golem.com.pricing.model.linear.coeffs": [0.00001 + (i % 97) * 1e-7, 0.000002 + (i % 89) * 1e-8, 0],
      "golem.node.id.name": `provider-${i}`,
      "golem.inf.cpu.threads": 1 + (i % 8),
      "golem.inf.mem.gib": 4,
      "golem.inf.storage.gib": 40,
    },
  };
}

/**
 * Scores 10 000 synthetic offers and prints the time.
 *
 * @example
 * const r = await runSdkBench();
 */
export async function runSdkBench(): Promise<SdkBenchResult> {
  const strategy = defaultMarketStrategy();
  const offers = Array.from({ length: 10_000 }, (_, i) => syntheticOffer(i));
  const t0 = performance.now();
  let accepted = 0;
  for (const offer of offers) if ((await assessOffer(strategy, offer)).score >= 0) accepted++;
  const scoreMs = performance.now() - t0;
  console.log("sdk (orchestrator):");
  console.log(
    `  score 10 000 offers (default strategy): ${scoreMs.toFixed(0)} ms (${accepted} within the caps; target <= 1000 ms)`,
  );
  return { scoreMsFor10kOffers: scoreMs, offersWithinCaps: accepted };
}
