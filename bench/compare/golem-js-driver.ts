/**
 * The golem-js driver: TaskExecutor 2.0.1, unmodified, in a child process (as a golem-js
 * user runs it), running the compat test's golem-js job (test/compat/te-job.mjs), which times itself and
 * reports its own CPU.
 */
import { runTeJob } from "../../test/compat/run-te-job.js";
import type { DriverInput, DriverMeasure } from "./types.js";

/**
 * Runs `input.tasks` echo tasks with golem-js in a child process and returns its report.
 *
 * @example
 * const m = await runGolemJs({ url: devnet.url, appKey: devnet.appKey, tasks: 100, workers: 10 });
 */
export async function runGolemJs(input: DriverInput): Promise<DriverMeasure> {
  const report = await runTeJob(input, {
    TASKS: String(input.tasks),
    PAR: String(input.workers),
    MODE: "plain",
    TASK_TIMEOUT_MS: "120000",
  });
  const { results, runMs, totalMs, cpuS } = report;
  if (report.error || !results || runMs === undefined || totalMs === undefined || cpuS === undefined) {
    throw new Error(
      `golem-js job failed: ${report.error ?? "incomplete report"}\n${report.stderr.slice(-2000)}`,
    );
  }
  const tasksOk = results.filter((r, i) => r === `hello-${i}`).length;
  return { runMs, totalMs, tasksOk, cpuS, cpuIncludesDevnet: false };
}
