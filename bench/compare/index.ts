/**
 * The compare harness (issue 7, throughput scenario): T one-`echo` tasks on 10 providers,
 * run by yatsapi, golem-js TaskExecutor 2.0.1 and a raw-REST baseline, alternating runs,
 * each on a fresh in-process devnet (127.0.0.1) whose REST call counter is reset first.
 */
import { availableParallelism } from "node:os";
import { runBaseline } from "./baseline-driver.js";
import { cpuMeter } from "./cpu.js";
import { readStats, resetStats, startBenchDevnet } from "./devnet.js";
import { runGolemJs } from "./golem-js-driver.js";
import { markdownTable, summarise, writeResults } from "./report.js";
import { DRIVERS, type Driver, type DriverName, type RunRecord } from "./types.js";
import { runYatsapi } from "./yatsapi-driver.js";

const drivers: Record<DriverName, Driver> = {
  yatsapi: runYatsapi,
  "golem-js": runGolemJs,
  baseline: runBaseline,
};

/** Options of the compare harness. */
export interface CompareOptions {
  /** 100 tasks and one round instead of 1000 tasks and two. */
  quick?: boolean;
  tasks?: number;
  providers?: number;
  rounds?: number;
}

async function runOnce(
  driver: DriverName,
  round: number,
  tasks: number,
  providers: number,
): Promise<RunRecord> {
  const devnet = await startBenchDevnet(providers, `compare-${round}-${driver}`);
  try {
    await resetStats(devnet);
    globalThis.gc?.();
    const parentCpu = cpuMeter();
    const m = await drivers[driver]({ url: devnet.url, appKey: devnet.appKey, tasks, workers: providers });
    const parentCpuS = parentCpu();
    const stats = await readStats(devnet);
    return {
      driver,
      round,
      tasks,
      workers: providers,
      ...m,
      tasksPerSecond: (tasks * 1000) / m.runMs,
      restCalls: stats.total,
      restCallsPerTask: stats.total / tasks,
      callsByRoute: stats.byRoute,
      parentCpuS,
    };
  } finally {
    await devnet.stop();
  }
}

/**
 * Runs the throughput scenario with the three drivers, prints the markdown table and
 * writes the JSON file; returns the runs.
 *
 * @example
 * const runs = await runCompare({ quick: true });
 */
export async function runCompare(opts: CompareOptions = {}): Promise<RunRecord[]> {
  const tasks = opts.tasks ?? (opts.quick ? 100 : 1000);
  const providers = opts.providers ?? 10;
  const rounds = opts.rounds ?? (opts.quick ? 1 : 2);
  const startedAt = new Date().toISOString();
  console.log(`compare (throughput): ${tasks} echo tasks on ${providers} providers, ${rounds} round(s)`);
  const records: RunRecord[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const driver of DRIVERS) {
      const r = await runOnce(driver, round, tasks, providers);
      records.push(r);
      console.log(
        `  round ${round} ${driver}: ${r.tasksPerSecond.toFixed(1)} tasks/s, ${r.restCallsPerTask.toFixed(2)} calls/task, ${r.tasksOk}/${tasks} ok, total ${(r.totalMs / 1000).toFixed(1)} s`,
      );
    }
  }
  const summaries = summarise(records);
  const path = writeResults({
    scenario: "throughput",
    startedAt,
    quick: opts.quick ?? false,
    tasks,
    providers,
    rounds,
    node: process.version,
    cpus: availableParallelism(),
    summaries,
    runs: records,
  });
  console.log(`\n${markdownTable(summaries)}\n\nwritten: ${path}`);
  return records;
}
