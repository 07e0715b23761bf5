/**
 * Shapes shared by the compare harness: what a driver is given and what it measures.
 */

/** What one driver run is given. */
export interface DriverInput {
  /** Devnet base URL (127.0.0.1). */
  url: string;
  appKey: string;
  /** Tasks of one `echo` each. */
  tasks: number;
  /** Workers (yatsapi), parallel tasks (golem-js), agreements (baseline). */
  workers: number;
}

/** What one driver run measured. */
export interface DriverMeasure {
  /** From the driver's start (no agreement yet) to the last task result, ms. */
  runMs: number;
  /** `runMs` plus shutdown (terminations, invoices), ms. */
  totalMs: number;
  /** Tasks whose `echo` output came back right. */
  tasksOk: number;
  /** CPU of the process the driver ran in, over `totalMs`, seconds (user + system). */
  cpuS: number;
  /** True when `cpuS` includes the in-process devnet's CPU (in-process drivers). */
  cpuIncludesDevnet: boolean;
}

/** One run of one driver, with the devnet's view of it. */
export interface RunRecord extends DriverMeasure {
  driver: DriverName;
  round: number;
  tasks: number;
  workers: number;
  tasksPerSecond: number;
  /** REST calls the devnet answered during the run (its own /devnet-api calls excluded). */
  restCalls: number;
  restCallsPerTask: number;
  callsByRoute: Record<string, number>;
  /** CPU the parent process (devnet, and the driver when in-process) used during the run, s. */
  parentCpuS: number;
}

/** The three drivers, in the order runs alternate. */
export const DRIVERS = ["yatsapi", "golem-js", "baseline"] as const;
export type DriverName = (typeof DRIVERS)[number];

/** A driver: runs the throughput scenario once against a fresh devnet. */
export type Driver = (input: DriverInput) => Promise<DriverMeasure>;
