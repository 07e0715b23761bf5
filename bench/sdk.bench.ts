/**
 * Benchmarks of the orchestrator (issue 4's speed and memory targets), against an
 * in-process devnet on 127.0.0.1 and bounded in time:
 * - the time to score 10 000 offers with the default strategy (target <= 1 s);
 * - the RSS of a computation holding 100 000 queued tasks (target <= 150 MB), measured
 *   while no provider exists, so every task stays queued;
 * - the CPU the process uses over that idle wait (target: near 0).
 */
import { startDevnet } from "../devnet/index.js";
import { Executor } from "../src/executor/index.js";
import { repo } from "../src/package/index.js";
import { assessOffer, defaultMarketStrategy, type Offer } from "../src/strategy/index.js";
import { Task } from "../src/task.js";

/** What the SDK benchmark measured. */
export interface SdkBenchResult {
  scoreMsFor10kOffers: number;
  rssMbWith100kQueuedTasks: number;
  idleCpuMsPerMinute: number;
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
 * Runs the measurements and prints them.
 *
 * @example
 * const r = await runSdkBench({ idleSeconds: 5 });
 */
export async function runSdkBench(opts: { idleSeconds?: number } = {}): Promise<SdkBenchResult> {
  const idleSeconds = opts.idleSeconds ?? 10;
  const strategy = defaultMarketStrategy();
  const offers = Array.from({ length: 10_000 }, (_, i) => syntheticOffer(i));
  const t0 = performance.now();
  let accepted = 0;
  for (const offer of offers) if ((await assessOffer(strategy, offer)).score >= 0) accepted++;
  const scoreMs = performance.now() - t0;

  const devnet = await startDevnet({ port: 0, seed: "sdk-bench", providers: [] });
  let rssMb = 0;
  let idleCpuMsPerMinute = 0;
  try {
    const executor = new Executor({
      package: repo({ imageTag: "golem/alpine:latest", repoUrl: devnet.url }),
      budget: "1",
      subnetTag: "public",
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      eventConsumer: () => {},
    });
    const tasks = Array.from({ length: 100_000 }, (_, i) => new Task<number, string>(i));
    const run = (async () => {
      for await (const _ of executor.submit(async function* () {}, tasks)) {
        // No provider exists: nothing is ever accepted.
      }
    })().catch(() => {});
    await new Promise((r) => setTimeout(r, 2000));
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    idleCpuMsPerMinute = ((cpu.user + cpu.system) / 1000) * (60 / idleSeconds);
    globalThis.gc?.();
    rssMb = process.memoryUsage().rss / 2 ** 20;
    await executor.shutdown();
    await run;
  } finally {
    await devnet.stop();
  }
  console.log("sdk (orchestrator):");
  console.log(
    `  score 10 000 offers (default strategy): ${scoreMs.toFixed(0)} ms (${accepted} within the caps; target <= 1000 ms)`,
  );
  console.log(`  RSS with 100 000 queued tasks: ${rssMb.toFixed(0)} MB (target <= 150 MB)`);
  console.log(
    `  CPU while waiting for offers (devnet in-process): ${idleCpuMsPerMinute.toFixed(0)} ms per minute (${((idleCpuMsPerMinute / 60_000) * 100).toFixed(2)} % of a core)`,
  );
  return { scoreMsFor10kOffers: scoreMs, rssMbWith100kQueuedTasks: rssMb, idleCpuMsPerMinute };
}
