/**
 * The compare harness's output: per-driver summaries (medians over rounds), the markdown
 * table with ratios, and the JSON file of a run under bench/results/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DRIVERS, type DriverName, type RunRecord } from "./types.js";

/** One driver's figures over all its runs (medians). */
export interface DriverSummary {
  driver: DriverName;
  runs: number;
  tasksPerSecond: number;
  restCallsPerTask: number;
  /** CPU of the driver's process per 1000 tasks, s (with the devnet for in-process drivers). */
  cpuSPer1000: number;
  /** CPU of the parent process (devnet, plus the driver when in-process) per 1000 tasks, s. */
  parentCpuSPer1000: number;
  cpuIncludesDevnet: boolean;
  tasksOk: number;
  tasks: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Summarises the runs of each driver that ran.
 *
 * @example
 * const summaries = summarise(records);
 */
export function summarise(records: RunRecord[]): DriverSummary[] {
  return DRIVERS.flatMap((driver) => {
    const runs = records.filter((r) => r.driver === driver);
    if (runs.length === 0) return [];
    return [
      {
        driver,
        runs: runs.length,
        tasksPerSecond: median(runs.map((r) => r.tasksPerSecond)),
        restCallsPerTask: median(runs.map((r) => r.restCallsPerTask)),
        cpuSPer1000: median(runs.map((r) => (r.cpuS * 1000) / r.tasks)),
        parentCpuSPer1000: median(runs.map((r) => (r.parentCpuS * 1000) / r.tasks)),
        cpuIncludesDevnet: runs[0]!.cpuIncludesDevnet,
        tasksOk: runs.reduce((n, r) => n + r.tasksOk, 0),
        tasks: runs.reduce((n, r) => n + r.tasks, 0),
      },
    ];
  });
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/**
 * The markdown table: one row per driver, then the ratios yatsapi/golem-js and
 * yatsapi/baseline (higher is better for tasks/s, lower for calls and CPU).
 *
 * @example
 * console.log(markdownTable(summarise(records)));
 */
export function markdownTable(summaries: DriverSummary[]): string {
  const rows = [
    "| driver | tasks/s | REST calls/task | driver-process CPU s/1000 tasks | parent (devnet) CPU s/1000 tasks | tasks ok |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const s of summaries) {
    const star = s.cpuIncludesDevnet ? " *" : "";
    rows.push(
      `| ${s.driver} | ${fmt(s.tasksPerSecond, 1)} | ${fmt(s.restCallsPerTask)} | ${fmt(s.cpuSPer1000)}${star} | ${fmt(s.parentCpuSPer1000)} | ${s.tasksOk}/${s.tasks} |`,
    );
  }
  const yats = summaries.find((s) => s.driver === "yatsapi");
  for (const other of ["golem-js", "baseline"] as const) {
    const o = summaries.find((s) => s.driver === other);
    if (!yats || !o) continue;
    rows.push(
      `| yatsapi/${other} | ${fmt(yats.tasksPerSecond / o.tasksPerSecond)}x | ${fmt(yats.restCallsPerTask / o.restCallsPerTask)}x | ${fmt(yats.cpuSPer1000 / o.cpuSPer1000)}x | ${fmt(yats.parentCpuSPer1000 / o.parentCpuSPer1000)}x | |`,
    );
  }
  rows.push(
    "",
    "\\* in-process driver: its CPU includes the devnet's (same process), so it is an upper bound of the requestor's own CPU;",
    "golem-js runs in a child process and reports its own CPU; its parent column is the devnet alone.",
  );
  return rows.join("\n");
}

/**
 * Writes `data` as `bench/results/compare-<time>.json` and returns the path.
 *
 * @example
 * const path = writeResults({ runs: records });
 */
export function writeResults(data: unknown): string {
  const dir = new URL("../results", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `compare-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}
