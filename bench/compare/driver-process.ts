/**
 * A yatsapi or baseline job in a process of its own (the devnet runs in another), so that
 * its CPU and peak RSS are the requestor's alone:
 * with `YATSAPI_BENCH_INPUT='{"driver":"yatsapi","job":"throughput",...}'`, it
 * prints one JSON line, the job's figures with the process's CPU over the job and its peak
 * RSS, or `{"error": "..."}`. golem-js runs in test/compat/te-job.mjs instead.
 */
import { baselineThroughput } from "./baseline-driver.js";
import { baselineFirstAgreement, baselineIdle, baselineLatency } from "./baseline-jobs.js";
import { INPUT_VARIABLE } from "./child.js";
import { cpuMeter, peakRssMb } from "./cpu.js";
import type { DriverProcessInput, JobInput, JobName, JobReport } from "./types.js";
import { yatsapiLatency, yatsapiThroughput } from "./yatsapi-driver.js";
import { yatsapiFirstAgreement, yatsapiIdle, yatsapiQueue } from "./yatsapi-jobs.js";

/** The drivers that run in this process, and their jobs. */
const PROCESS_JOBS: Record<
  DriverProcessInput["driver"],
  Partial<Record<JobName, (input: JobInput) => Promise<Partial<JobReport>>>>
> = {
  yatsapi: {
    throughput: yatsapiThroughput,
    latency: yatsapiLatency,
    idle: yatsapiIdle,
    queue: yatsapiQueue,
    "first-agreement": yatsapiFirstAgreement,
  },
  baseline: {
    throughput: baselineThroughput,
    latency: baselineLatency,
    idle: baselineIdle,
    "first-agreement": baselineFirstAgreement,
  },
};

async function main(arg: string | undefined): Promise<JobReport> {
  const input = JSON.parse(arg ?? "null") as DriverProcessInput | null;
  const job = input ? PROCESS_JOBS[input.driver]?.[input.job] : undefined;
  if (!input || !job) throw new Error(`driver process: no job ${input?.driver}/${input?.job}`);
  globalThis.gc?.();
  const startRssMb = process.memoryUsage().rss / 2 ** 20;
  const cpu = cpuMeter();
  const figures = await job(input);
  return { ...figures, cpuS: cpu(), peakRssMb: peakRssMb(), startRssMb };
}

main(process.env[INPUT_VARIABLE]).then(
  (report) => {
    console.log(JSON.stringify(report));
    process.exit(0);
  },
  (err: unknown) => {
    console.log(JSON.stringify({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
    process.exit(1);
  },
);
