/**
 * The inspector scenario: yatsapi's throughput with the live inspector off, and on
 * (serving on a free port of 127.0.0.1, no page open), alternating on fresh devnets.
 */
import { type DevnetRun, onFreshDevnet } from "./fresh-devnet.js";
import type { BenchPlan } from "./plan.js";
import { median } from "./stats.js";
import { tasksPerSecond } from "./throughput.js";
import type { Row, ScenarioResult } from "./types.js";

const VARIANTS = [
  { name: "inspect off", inspect: false },
  { name: "inspect on", inspect: true },
] as const;

/**
 * Runs the inspector rounds and returns the scenario.
 *
 * @example
 * const inspector = await runInspector(benchPlan(true));
 */
export async function runInspector(plan: BenchPlan): Promise<ScenarioResult> {
  const { tasks, rounds } = plan.inspector;
  const { providers } = plan.throughput;
  console.log(
    `inspector: yatsapi, ${tasks} tasks on ${providers} providers, inspection off and on, ${rounds} round(s)`,
  );
  const runs: (DevnetRun & { variant: string })[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const v of VARIANTS) {
      const run = await onFreshDevnet(
        "yatsapi",
        "throughput",
        round,
        { providers },
        { tasks, workers: providers, inspect: v.inspect },
      );
      runs.push({ ...run, variant: v.name });
      console.log(`  round ${round} ${v.name}: ${tasksPerSecond(run).toFixed(1)} tasks/s`);
    }
  }
  const rows: Row[] = VARIANTS.map((v) => {
    const mine = runs.filter((r) => r.variant === v.name);
    return {
      driver: `yatsapi, ${v.name}`,
      values: {
        tasksPerSecond: median(mine.map(tasksPerSecond)),
        cpuSPer1000: median(mine.map((r) => (r.report.cpuS * 1000) / r.tasks)),
        peakRssMb: median(mine.map((r) => r.report.peakRssMb)),
      },
    };
  });
  const [off, on] = [rows[0]!.values, rows[1]!.values];
  rows.push({
    driver: "on/off",
    values: Object.fromEntries(Object.keys(off).map((k) => [k, on[k]! / off[k]!])),
  });
  return {
    name: "inspector",
    method: `yatsapi's throughput run (${tasks} tasks on ${providers} providers) with \`inspect: false\` and with \`inspect: { port: 0 }\` (the live inspector serving on 127.0.0.1, no page open), alternating, medians of ${rounds} round(s), each on a fresh devnet process. The last row is on divided by off: the inspector's overhead.`,
    columns: [
      { key: "tasksPerSecond", title: "tasks/s", better: "none", digits: 2 },
      { key: "cpuSPer1000", title: "requestor CPU s/1000 tasks", better: "none" },
      { key: "peakRssMb", title: "peak RSS MB", better: "none", digits: 2 },
    ],
    rows,
    targets: [],
    runs,
  };
}
