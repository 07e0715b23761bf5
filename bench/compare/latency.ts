/**
 * The latency scenario: one task at a time on a warm activity (one provider, the worker
 * deployed), each driver on a fresh devnet process; the SDK's overhead per task is its
 * task time minus the raw-REST baseline's on the same devnet set-up.
 */
import { type DevnetRun, onFreshDevnet } from "./fresh-devnet.js";
import type { BenchPlan } from "./plan.js";
import { median, percentile } from "./stats.js";
import { measured } from "./table.js";
import { DRIVERS, need, type Row, type ScenarioResult } from "./types.js";

/**
 * Runs the latency rounds and returns the scenario.
 *
 * @example
 * const latency = await runLatency(benchPlan(true));
 */
export async function runLatency(plan: BenchPlan): Promise<ScenarioResult> {
  const { tasks, golemJsTasks, warmup, rounds } = plan.latency;
  console.log(
    `latency: one task at a time on one warm activity, ${tasks} tasks (golem-js ${golemJsTasks}) after ${warmup} warm-up, ${rounds} round(s)`,
  );
  const runs: DevnetRun[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const driver of DRIVERS) {
      const n = driver === "golem-js" ? golemJsTasks : tasks;
      const run = await onFreshDevnet(
        driver,
        "latency",
        round,
        { providers: 1 },
        { tasks: n, workers: 1, warmup },
      );
      runs.push(run);
      const ms = need(run.report, "taskMs", `${driver} latency`);
      console.log(
        `  round ${round} ${driver}: median ${median(ms).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms per task`,
      );
    }
  }
  const times = (driver: string) =>
    runs.filter((r) => r.driver === driver).flatMap((r) => r.report.taskMs ?? []);
  const base = times("baseline");
  const baseMedian = median(base);
  const baseP95 = percentile(base, 95);
  const rows: Row[] = DRIVERS.map((driver) => {
    const ms = times(driver);
    return {
      driver,
      values: {
        medianMs: median(ms),
        p95Ms: percentile(ms, 95),
        overheadMedianMs: median(ms) - baseMedian,
        overheadP95Ms: percentile(ms, 95) - baseP95,
        tasks: ms.length,
      },
    };
  });
  const yats = rows.find((r) => r.driver === "yatsapi")!.values;
  return {
    name: "latency",
    method: `One provider; each driver runs ${warmup} warm-up tasks (agreement, deployment) and then times ${tasks} tasks (golem-js: ${golemJsTasks}, each resolves on its 2 s tick) one at a time on the same warm activity, ${rounds} round(s). yatsapi: one worker, a task's time is the interval between its result and the previous one as the caller of submit() sees them; golem-js: each awaited executor.run(); baseline: one exec plus one long poll for its result. The overhead is the driver's median (p95) task time minus the baseline's median (p95): what the SDK adds to what the daemon needs. The devnet really runs each echo, so the baseline's time is mostly the exe-unit's.`,
    columns: [
      { key: "medianMs", title: "median ms/task", better: "lower", digits: 1 },
      { key: "p95Ms", title: "p95 ms/task", better: "lower", digits: 1 },
      { key: "overheadMedianMs", title: "overhead median ms", better: "none", digits: 1 },
      { key: "overheadP95Ms", title: "overhead p95 ms", better: "none", digits: 1 },
      { key: "tasks", title: "tasks timed", better: "none", digits: 0 },
    ],
    rows,
    targets: [
      {
        target: "overhead per task on a warm activity <= 5 ms (median; p95 shown)",
        measured: `${measured(yats.overheadMedianMs!, "ms", 1)} (p95 ${measured(yats.overheadP95Ms!, "ms", 1)})`,
        pass: yats.overheadMedianMs! <= 5,
      },
    ],
    runs,
  };
}
