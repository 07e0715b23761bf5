/**
 * The compare harness (issue 7): every scenario with yatsapi, golem-js TaskExecutor 2.0.1
 * and a raw-REST baseline side by side, each driver and the devnet in processes of their
 * own; prints a markdown table per scenario with ratios and the targets, and writes the
 * JSON and the growth chart (results.ts).
 */
import { availableParallelism } from "node:os";
import { removeCompiledDriver } from "./drivers.js";
import { runGrowth } from "./growth.js";
import { runIdle } from "./idle.js";
import { runInspector } from "./inspector.js";
import { runLatency } from "./latency.js";
import { benchPlan } from "./plan.js";
import { type WrittenResults, writeResults } from "./results.js";
import { runFirstAgreement, runQueue } from "./scale.js";
import { scenarioMarkdown, targetTable } from "./table.js";
import { runThroughput } from "./throughput.js";
import type { ScenarioResult } from "./types.js";

/** Options of the compare harness. */
export interface CompareOptions {
  /** The smoke mode: small sizes, one round, 5 s idle. */
  quick?: boolean;
  /** Other benchmarks' figures to keep in the same JSON file. */
  micro?: Record<string, unknown>;
}

/** What a compare run produced. */
export interface CompareOutput {
  scenarios: ScenarioResult[];
  files: WrittenResults;
  /** Wall time of the compare run, s. */
  durationS: number;
}

/**
 * Runs every scenario, prints the tables and writes the results.
 *
 * @example
 * const { files } = await runCompare({ quick: true });
 */
export async function runCompare(opts: CompareOptions = {}): Promise<CompareOutput> {
  const plan = benchPlan(opts.quick ?? false);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const durationsS: Record<string, number> = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await run();
    durationsS[name] = (performance.now() - started) / 1000;
    console.log(`  (${name} took ${durationsS[name].toFixed(0)} s)`);
    return out;
  };
  try {
    const { throughput, resources, runs } = await timed("throughput", () => runThroughput(plan));
    const latency = await timed("latency", () => runLatency(plan));
    const idle = await timed("idle", () => runIdle(plan));
    const queue = await timed("queue", () => runQueue(plan));
    const offers = await timed("first agreement", () => runFirstAgreement(plan));
    const { growth, svg } = await timed("growth", () => runGrowth(plan, runs));
    const inspector = await timed("inspector", () => runInspector(plan));
    const scenarios = [throughput, resources, latency, idle, queue, offers, growth, inspector];
    const targets = scenarios.flatMap((s) => s.targets);
    const durationS = (performance.now() - t0) / 1000;
    const files = writeResults(
      {
        startedAt,
        quick: plan.quick,
        node: process.version,
        cpus: availableParallelism(),
        durationS,
        durationsS,
        plan,
        micro: opts.micro ?? {},
        scenarios: Object.fromEntries(scenarios.map((s) => [s.name, s])),
        targets,
      },
      svg,
      { startedAt, quick: plan.quick },
    );
    console.log(`\n## Results${plan.quick ? " (quick mode: small sizes, not the issue's)" : ""}\n`);
    for (const s of scenarios) console.log(`${scenarioMarkdown(s)}\n`);
    console.log(`### targets\n\n${targetTable(targets)}\n`);
    console.log(`compare took ${durationS.toFixed(0)} s; written: ${files.json}, ${files.svg}`);
    if (files.committedSvg) console.log(`growth chart copied to ${files.committedSvg}`);
    return { scenarios, files, durationS };
  } finally {
    removeCompiledDriver();
  }
}
