/**
 * The throughput scenario (with REST calls per task and the requestor's CPU and peak RSS
 * per 1000 tasks, from the same runs): T one-`echo` tasks on 10 providers, the three
 * drivers alternating, each run on a fresh devnet process.
 */
import { type DevnetRun, onFreshDevnet } from "./fresh-devnet.js";
import type { BenchPlan } from "./plan.js";
import { median } from "./stats.js";
import { measured } from "./table.js";
import { DRIVERS, need, type Row, type ScenarioResult } from "./types.js";

/**
 * Tasks per second of a throughput run, from its start (no agreement yet) to its last result.
 *
 * @example
 * console.log(tasksPerSecond(run).toFixed(1));
 */
export const tasksPerSecond = (run: DevnetRun): number =>
  (run.tasks * 1000) / need(run.report, "runMs", `${run.driver} throughput`);

/** The calls of a run that send scripts or read their results (`.../exec` and `.../exec/:batchId`). */
const execCalls = (run: DevnetRun): number =>
  Object.entries(run.callsByRoute)
    .filter(([route]) => /\/exec(\/|$)/.test(route))
    .reduce((n, [, count]) => n + count, 0);

function rowsOf(runs: DevnetRun[], figures: (run: DevnetRun) => Record<string, number>): Row[] {
  return DRIVERS.flatMap((driver) => {
    const mine = runs.filter((r) => r.driver === driver);
    if (mine.length === 0) return [];
    const each = mine.map(figures);
    const keys = Object.keys(each[0]!);
    return [{ driver, values: Object.fromEntries(keys.map((k) => [k, median(each.map((v) => v[k]!))])) }];
  });
}

/**
 * Runs the throughput rounds; returns the throughput and the resources scenarios and
 * the runs (the growth scenario reuses them for its point at this size).
 *
 * @example
 * const { throughput, resources, runs } = await runThroughput(benchPlan(true));
 */
export async function runThroughput(
  plan: BenchPlan,
): Promise<{ throughput: ScenarioResult; resources: ScenarioResult; runs: DevnetRun[] }> {
  const { tasks, providers, rounds } = plan.throughput;
  console.log(`throughput: ${tasks} echo tasks on ${providers} providers, ${rounds} round(s)`);
  const runs: DevnetRun[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const driver of DRIVERS) {
      const run = await onFreshDevnet(
        driver,
        "throughput",
        round,
        { providers },
        { tasks, workers: providers },
      );
      runs.push(run);
      console.log(
        `  round ${round} ${driver}: ${tasksPerSecond(run).toFixed(1)} tasks/s, ${(run.restCalls / tasks).toFixed(2)} calls/task, ${run.report.tasksOk}/${tasks} ok`,
      );
    }
  }
  const throughputRows = rowsOf(runs, (r) => ({
    tasksPerSecond: tasksPerSecond(r),
    callsPerTask: r.restCalls / r.tasks,
    execCallsPerTask: execCalls(r) / r.tasks,
    tasksOk: need(r.report, "tasksOk", `${r.driver} throughput`),
  }));
  const resourceRows = rowsOf(runs, (r) => ({
    cpuSPer1000: (r.report.cpuS * 1000) / r.tasks,
    peakRssMb: r.report.peakRssMb,
    rssGrowthMb: r.report.peakRssMb - r.report.startRssMb,
    devnetCpuSPer1000: (r.devnetCpuS * 1000) / r.tasks,
  }));
  const value = (rows: Row[], driver: string, key: string) =>
    rows.find((r) => r.driver === driver)?.values[key] ?? Number.NaN;
  const yatsTps = value(throughputRows, "yatsapi", "tasksPerSecond");
  const vsGolem = yatsTps / value(throughputRows, "golem-js", "tasksPerSecond");
  const vsBaseline = yatsTps / value(throughputRows, "baseline", "tasksPerSecond");
  const calls = value(throughputRows, "yatsapi", "callsPerTask");
  const throughput: ScenarioResult = {
    name: "throughput",
    method: `${tasks} tasks of one \`echo\` on ${providers} providers (one agreement each), medians of ${rounds} round(s), the drivers alternating, each on a fresh devnet process. Tasks/s counts from the driver's start (no agreement yet) to the last result; REST calls are the devnet's count over the whole run (set-up and shutdown included), and of those the calls that send a script or read its results.`,
    columns: [
      { key: "tasksPerSecond", title: "tasks/s", better: "higher", digits: 1 },
      { key: "callsPerTask", title: "REST calls/task", better: "lower" },
      { key: "execCallsPerTask", title: "of which exec and results", better: "lower" },
      { key: "tasksOk", title: "tasks ok", better: "none", digits: 0 },
    ],
    rows: throughputRows,
    targets: [
      { target: "throughput >= 20x golem-js", measured: measured(vsGolem, "x"), pass: vsGolem >= 20 },
      {
        target: "throughput >= 50 % of the baseline",
        measured: measured(vsBaseline * 100, "%", 0),
        pass: vsBaseline >= 0.5,
      },
      {
        target: "<= 3 REST calls per one-command task",
        measured: measured(calls, "calls"),
        pass: calls <= 3,
      },
    ],
    runs,
  };
  const resources: ScenarioResult = {
    name: "requestor CPU and memory per 1000 tasks",
    method: `From the throughput runs: each driver runs in its own process (yatsapi and the baseline as plain JavaScript, golem-js as shipped) and the devnet in another, so the CPU (user + system, over the whole run) and the peak RSS (the kernel's high-water mark) are the requestor's alone. RSS growth is the peak minus the process's RSS once its code was loaded.`,
    columns: [
      { key: "cpuSPer1000", title: "requestor CPU s/1000 tasks", better: "lower" },
      { key: "peakRssMb", title: "peak RSS MB", better: "lower", digits: 0 },
      { key: "rssGrowthMb", title: "RSS growth MB", better: "lower", digits: 0 },
      { key: "devnetCpuSPer1000", title: "devnet CPU s/1000 tasks", better: "lower" },
    ],
    rows: resourceRows,
    targets: [],
    runs: [],
  };
  return { throughput, resources, runs };
}
