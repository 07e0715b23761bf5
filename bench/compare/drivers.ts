/**
 * Runs one job of one driver in its own process: yatsapi and the baseline in
 * driver-process.ts (transpiled once per run, compile.ts), golem-js in the compat test's
 * golem-js job.
 */
import { runJsonChild } from "./child.js";
import { type CompiledScript, compileScript } from "./compile.js";
import { runGolemJs } from "./golem-js-driver.js";
import type { DriverName, DriverProcessInput, JobInput, JobName, JobReport } from "./types.js";

let compiled: CompiledScript | undefined;

/**
 * Runs `job` with `driver` against the devnet in `input` and returns what it measured.
 *
 * @example
 * const r = await runJob("yatsapi", "throughput", { url, appKey, tasks: 1000, workers: 10 });
 */
export function runJob(driver: DriverName, job: JobName, input: JobInput): Promise<JobReport> {
  if (driver === "golem-js") return runGolemJs(job, input);
  if (!compiled) {
    compiled = compileScript("bench/compare/driver-process.ts");
    process.once("exit", removeCompiledDriver);
  }
  const full: DriverProcessInput = { ...input, driver, job };
  return runJsonChild<JobReport>(compiled.path, full);
}

/**
 * Removes the transpiled driver process (also done when the process exits).
 *
 * @example
 * removeCompiledDriver();
 */
export function removeCompiledDriver(): void {
  compiled?.remove();
  compiled = undefined;
}
