/**
 * The golem-js driver: TaskExecutor 2.0.1, unmodified, in a child process (as a golem-js
 * user runs it), running the compat test's golem-js job (test/compat/te-job.mjs), which
 * times itself and reports its own CPU and peak RSS.
 */
import { runTeJob, type TeJobReport } from "../../test/compat/run-te-job.js";
import type { JobInput, JobName, JobReport } from "./types.js";

/** The golem-js job's environment for each job it can run. */
function jobEnv(job: JobName, input: JobInput): Record<string, string> {
  const base = { MODE: "plain", TASK_TIMEOUT_MS: "120000" };
  switch (job) {
    case "throughput":
      return { ...base, TASKS: String(input.tasks), PAR: String(input.workers) };
    case "latency":
      return { ...base, TASKS: String((input.warmup ?? 1) + input.tasks), PAR: "1", SEQUENTIAL: "1" };
    case "idle":
      return { ...base, TASKS: "4", PAR: "1", IDLE_MS: String(input.idleMs ?? 30_000) };
    default:
      throw new Error(`golem-js driver: no ${job} job (the scenario runs yatsapi and the baseline only)`);
  }
}

function complete(report: TeJobReport): Required<Pick<TeJobReport, "results" | "runMs" | "totalMs">> & {
  cpuS: number;
  peakRssMb: number;
  startRssMb: number;
} {
  const { results, runMs, totalMs, cpuS, peakRssMb, startRssMb } = report;
  if (
    report.error ||
    !results ||
    runMs === undefined ||
    totalMs === undefined ||
    cpuS === undefined ||
    peakRssMb === undefined ||
    startRssMb === undefined
  ) {
    throw new Error(
      `golem-js job failed: ${report.error ?? "incomplete report"}\n${report.stderr.slice(-2000)}`,
    );
  }
  return { results, runMs, totalMs, cpuS, peakRssMb, startRssMb };
}

/**
 * Runs one job with golem-js in a child process and returns its report.
 *
 * @example
 * const r = await runGolemJs("throughput", { url: devnet.url, appKey: devnet.appKey, tasks: 100, workers: 10 });
 */
export async function runGolemJs(job: JobName, input: JobInput): Promise<JobReport> {
  const report = await runTeJob(input, jobEnv(job, input));
  const r = complete(report);
  const tasksOk = r.results.filter((out, i) => out === `hello-${i}`).length;
  const out: JobReport = {
    cpuS: r.cpuS,
    peakRssMb: r.peakRssMb,
    startRssMb: r.startRssMb,
    runMs: r.runMs,
    totalMs: r.totalMs,
    tasksOk,
  };
  if (report.taskMs) out.taskMs = report.taskMs.slice(input.warmup ?? 1);
  if (report.idleCpuS !== undefined) out.idleCpuS = report.idleCpuS;
  if (report.idleMs !== undefined) out.idleMs = report.idleMs;
  return out;
}
