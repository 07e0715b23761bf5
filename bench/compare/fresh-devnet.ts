/**
 * One driver job on a fresh devnet process, with the devnet's view of it: the REST calls
 * it answered and the CPU it used while the job ran.
 */
import { devnetCpuS, readStats, resetStats, startBenchDevnet } from "./devnet.js";
import { runJob } from "./drivers.js";
import type { DriverName, JobInput, JobName, JobReport } from "./types.js";

/** A job's report and what the devnet saw of it. */
export interface DevnetRun {
  driver: DriverName;
  job: JobName;
  round: number;
  tasks: number;
  report: JobReport;
  /** REST calls the devnet answered during the job (its own /devnet-api calls excluded). */
  restCalls: number;
  callsByRoute: Record<string, number>;
  /** CPU the devnet process used during the job, s. */
  devnetCpuS: number;
}

/**
 * Starts a devnet with `devnet.providers` providers (`offers` each), runs the job on it,
 * and stops it.
 *
 * @example
 * const run = await onFreshDevnet("yatsapi", "throughput", 1, { providers: 10 }, { tasks: 1000, workers: 10 });
 */
export async function onFreshDevnet(
  driver: DriverName,
  job: JobName,
  round: number,
  devnet: { providers: number; offers?: number },
  input: Omit<JobInput, "url" | "appKey">,
): Promise<DevnetRun> {
  const d = await startBenchDevnet({ ...devnet, seed: `${job}-${round}-${driver}` });
  try {
    await resetStats(d);
    const cpu0 = devnetCpuS(d);
    const report = await runJob(driver, job, { ...input, url: d.url, appKey: d.appKey });
    const devnetCpu = devnetCpuS(d) - cpu0;
    const stats = await readStats(d);
    return {
      driver,
      job,
      round,
      tasks: input.tasks,
      report,
      restCalls: stats.total,
      callsByRoute: stats.byRoute,
      devnetCpuS: devnetCpu,
    };
  } finally {
    await d.stop();
  }
}
