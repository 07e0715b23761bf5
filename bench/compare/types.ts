/**
 * Shapes shared by the compare harness: the drivers, what a driver job is given and what
 * it reports, and what a scenario hands to the report.
 */

/**
 * The three drivers, in the order runs alternate.
 *
 * @example
 * for (const driver of DRIVERS) await runJob(driver, "throughput", input);
 */
export const DRIVERS = ["yatsapi", "golem-js", "baseline"] as const;
export type DriverName = (typeof DRIVERS)[number];

/** The jobs a driver process can run (not every driver runs every job). */
export type JobName = "throughput" | "latency" | "idle" | "queue" | "first-agreement";

/**
 * idle: the wait between the last task (or the last feed opened) and the idle window, ms,
 * the same for every driver (te-job.mjs has its own copy).
 *
 * @example
 * await sleep(IDLE_SETTLE_MS);
 */
export const IDLE_SETTLE_MS = 1000;

/** What one driver job is given. */
export interface JobInput {
  /** Devnet base URL (127.0.0.1). */
  url: string;
  appKey: string;
  /** Tasks of one `echo` each (queue: tasks held in the queue). */
  tasks: number;
  /** Workers (yatsapi), parallel tasks (golem-js), agreements (baseline). */
  workers: number;
  /** latency: leading tasks left out of the timing (agreement and deployment). */
  warmup?: number;
  /** idle: how long the warm executor holds on with nothing to do, ms. */
  idleMs?: number;
  /** yatsapi: run with the live inspector serving on a free port (no page open). */
  inspect?: boolean;
}

/** What the driver process (driver-process.ts) is given. */
export interface DriverProcessInput extends JobInput {
  driver: "yatsapi" | "baseline";
  job: JobName;
}

/** What a driver process measured: always its CPU and memory, then the job's own figures. */
export interface JobReport {
  /** CPU of the driver's process over the job, s (user + system). */
  cpuS: number;
  /** The driver process's peak RSS (the kernel's high-water mark), MB. */
  peakRssMb: number;
  /** Its RSS once its code was loaded, before the job started, MB. */
  startRssMb: number;
  /** From the driver's start (no agreement yet) to the last task result, ms. */
  runMs?: number;
  /** `runMs` plus shutdown (terminations, invoices), ms. */
  totalMs?: number;
  /** Tasks whose `echo` output came back right. */
  tasksOk?: number;
  /** latency: the time of each measured task, ms. */
  taskMs?: number[];
  /** idle: CPU over the idle window, s, and the window, ms. */
  idleCpuS?: number;
  idleMs?: number;
  /** queue: RSS after a full garbage collection while the tasks are queued, MB. */
  rssAfterGcMb?: number;
  /** first-agreement: from the first offer received to the first approved agreement, ms. */
  firstAgreementMs?: number;
  /** first-agreement: from the subscription to the first approved agreement, ms. */
  sinceSubscribeMs?: number;
  /** first-agreement: proposals (offers and drafts) the driver had read when it got its first agreement. */
  offersSeen?: number;
}

/**
 * A figure a scenario needs from a report; throws naming the job when it is missing.
 *
 * @example
 * const runMs = need(report, "runMs", "yatsapi throughput");
 */
export function need<K extends keyof JobReport>(
  report: JobReport,
  key: K,
  what: string,
): NonNullable<JobReport[K]> {
  const value = report[key];
  if (value === undefined || value === null) throw new Error(`${what}: the report has no ${key}`);
  return value as NonNullable<JobReport[K]>;
}

/** One column of a scenario's table. */
export interface Column {
  key: string;
  title: string;
  /** Which way is better, for the ratio rows; "none" gets no ratio. */
  better: "higher" | "lower" | "none";
  digits?: number;
}

/** One row of a scenario's table: a driver (or a variant) and its figures. */
export interface Row {
  driver: string;
  values: Record<string, number>;
  note?: string;
}

/** A target of the issue, checked against this run. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

/** What a scenario hands to the report and the JSON file. */
export interface ScenarioResult {
  name: string;
  /** One paragraph: what was run and how the figures are computed. */
  method: string;
  columns: Column[];
  rows: Row[];
  targets: TargetCheck[];
  /** Every run's raw report, for the JSON file. */
  runs: unknown[];
}
