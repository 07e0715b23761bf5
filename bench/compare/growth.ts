/**
 * The growth scenario: throughput, peak RSS and CPU per 1000 tasks at 100, 1 000 and
 * 10 000 tasks, to show how each driver's cost grows; drawn as an SVG chart.
 */
import { type DevnetRun, onFreshDevnet } from "./fresh-devnet.js";
import type { BenchPlan } from "./plan.js";
import { median } from "./stats.js";
import { lineChart, type Panel } from "./svg-chart.js";
import { tasksPerSecond } from "./throughput.js";
import { DRIVERS, type DriverName, type Row, type ScenarioResult } from "./types.js";

const COLORS: Record<DriverName, string> = { yatsapi: "#1f77b4", "golem-js": "#d62728", baseline: "#7f7f7f" };

function maxFor(plan: BenchPlan, driver: DriverName): number {
  if (driver === "golem-js") return plan.growth.golemJsMax;
  if (driver === "baseline") return plan.growth.baselineMax;
  return Number.POSITIVE_INFINITY;
}

/**
 * Runs the sizes the throughput runs did not cover (one round each) and returns the
 * scenario and its chart.
 *
 * @example
 * const { growth, svg } = await runGrowth(plan, throughputRuns);
 */
export async function runGrowth(
  plan: BenchPlan,
  throughputRuns: DevnetRun[],
): Promise<{ growth: ScenarioResult; svg: string }> {
  const { providers } = plan.throughput;
  console.log(`growth: ${plan.growth.sizes.join(", ")} tasks on ${providers} providers`);
  const rows: Row[] = [];
  const runs: DevnetRun[] = [];
  for (const size of plan.growth.sizes) {
    for (const driver of DRIVERS) {
      if (size > maxFor(plan, driver)) continue;
      let mine = throughputRuns.filter((r) => r.driver === driver && r.tasks === size);
      if (mine.length === 0) {
        mine = [
          await onFreshDevnet(driver, "throughput", 1, { providers }, { tasks: size, workers: providers }),
        ];
        runs.push(...mine);
      }
      const values = {
        tasks: size,
        tasksPerSecond: median(mine.map(tasksPerSecond)),
        peakRssMb: median(mine.map((r) => r.report.peakRssMb)),
        cpuSPer1000: median(mine.map((r) => (r.report.cpuS * 1000) / r.tasks)),
      };
      rows.push({ driver: `${driver} @ ${size}`, values });
      console.log(
        `  ${driver} @ ${size}: ${values.tasksPerSecond.toFixed(1)} tasks/s, peak ${values.peakRssMb.toFixed(0)} MB`,
      );
    }
  }
  const seriesOf = (key: string) =>
    DRIVERS.map((driver) => ({
      name: driver,
      color: COLORS[driver],
      points: rows
        .filter((r) => r.driver.startsWith(`${driver} @`))
        .map((r) => ({ x: r.values.tasks!, y: r.values[key]! })),
    })).filter((s) => s.points.length > 0);
  const panels: Panel[] = [
    { title: "throughput", yLabel: "tasks/s", series: seriesOf("tasksPerSecond") },
    { title: "peak RSS of the requestor", yLabel: "MB", series: seriesOf("peakRssMb") },
    { title: "requestor CPU per 1000 tasks", yLabel: "CPU s", series: seriesOf("cpuSPer1000") },
  ];
  const skipped = DRIVERS.filter((d) => plan.growth.sizes.some((s) => s > maxFor(plan, d)));
  const growth: ScenarioResult = {
    name: "growth",
    method: `Tasks of one \`echo\` on ${providers} providers at ${plan.growth.sizes.join(", ")} tasks; the size of the throughput runs reuses their medians, the others run once each, on a fresh devnet process. ${skipped.length > 0 ? `Left out for time: ${skipped.map((d) => `${d} above ${maxFor(plan, d)} tasks`).join(", ")}.` : ""}`,
    columns: [
      { key: "tasks", title: "tasks", better: "none", digits: 0 },
      { key: "tasksPerSecond", title: "tasks/s", better: "none", digits: 1 },
      { key: "peakRssMb", title: "peak RSS MB", better: "none", digits: 0 },
      { key: "cpuSPer1000", title: "requestor CPU s/1000 tasks", better: "none" },
    ],
    rows,
    targets: [],
    runs,
  };
  return { growth, svg: lineChart("growth: yatsapi, golem-js and the raw-REST baseline", panels) };
}
