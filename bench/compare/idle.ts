/**
 * The idle scenario: each driver holds a warm agreement and activity with nothing to do;
 * its process's CPU over the window is what idling costs.
 */
import { startBenchDevnet } from "./devnet.js";
import { runJob } from "./drivers.js";
import type { BenchPlan } from "./plan.js";
import { median } from "./stats.js";
import { measured } from "./table.js";
import { DRIVERS, need, type Row, type ScenarioResult } from "./types.js";

/**
 * Runs the three idle jobs (at once, each on its own provider of one devnet: idle
 * processes barely compete, and it saves two windows) and returns the scenario.
 *
 * @example
 * const idle = await runIdle(benchPlan(true));
 */
export async function runIdle(plan: BenchPlan): Promise<ScenarioResult> {
  const idleMs = plan.idle.ms;
  console.log(
    `idle: a warm agreement with nothing to do for ${idleMs / 1000} s${plan.quick ? " (quick mode; full runs idle 30 s)" : ""}`,
  );
  const reports: Awaited<ReturnType<typeof runJob>>[][] = [];
  const perMinute: number[][] = DRIVERS.map(() => []);
  for (let round = 1; round <= plan.idle.rounds; round++) {
    const devnet = await startBenchDevnet({ providers: DRIVERS.length, seed: `idle-${round}` });
    try {
      const input = { url: devnet.url, appKey: devnet.appKey, tasks: 4, workers: 1, idleMs };
      reports.push(await Promise.all(DRIVERS.map((driver) => runJob(driver, "idle", input))));
    } finally {
      await devnet.stop();
    }
    DRIVERS.forEach((driver, i) => {
      const r = reports.at(-1)![i]!;
      const cpuS = need(r, "idleCpuS", `${driver} idle`);
      const windowMs = need(r, "idleMs", `${driver} idle`);
      console.log(`  round ${round} ${driver}: ${(cpuS * 1000).toFixed(0)} ms CPU in ${windowMs / 1000} s`);
      perMinute[i]!.push((cpuS * 1000 * 60_000) / windowMs);
    });
  }
  const rows: Row[] = DRIVERS.map((driver, i) => {
    const cpuMsPerMinute = median(perMinute[i]!);
    return { driver, values: { cpuMsPerMinute, percentOfCore: cpuMsPerMinute / 600 } };
  });
  const yats = rows[0]!.values.percentOfCore!;
  return {
    name: "idle",
    method: `Medians of ${plan.idle.rounds} round(s). Each driver runs 4 tasks on its own provider, waits 1 s, collects its garbage (a full GC: the tasks' garbage is not idling's), then holds its warm agreement and activity with nothing to do for ${idleMs / 1000} s${plan.quick ? " (quick mode: full runs use 30 s)" : ""}; the figure is its process's CPU over that window. The three run at once against one devnet. yatsapi keeps its feeds (offers, agreement, debit-note and invoice events) long-polling; the baseline long-polls the agreement, debit-note and invoice feeds and nothing else, the floor of a requestor that still listens.`,
    columns: [
      { key: "cpuMsPerMinute", title: "CPU ms per minute", better: "lower", digits: 0 },
      { key: "percentOfCore", title: "% of a core", better: "lower", digits: 3 },
    ],
    rows,
    targets: [{ target: "idle CPU <= 0.5 % of a core", measured: measured(yats, "%", 3), pass: yats <= 0.5 }],
    runs: reports.flat(),
  };
}
