/**
 * The golem-js driver: TaskExecutor 2.0.1, unmodified, in a child process (as a golem-js
 * user runs it), running `te-throughput.mjs`, which times itself and reports its own CPU.
 */
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";
import type { DriverInput, DriverMeasure } from "./types.js";

const root = new URL("../..", import.meta.url).pathname;

interface ChildReport {
  runMs?: number;
  totalMs?: number;
  tasksOk?: number;
  cpuS?: number;
  error?: string;
}

/**
 * Runs `input.tasks` echo tasks with golem-js in a child process and returns its report.
 *
 * @example
 * const m = await runGolemJs({ url: devnet.url, appKey: devnet.appKey, tasks: 100, workers: 10 });
 */
export function runGolemJs(input: DriverInput): Promise<DriverMeasure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "bench/compare/te-throughput.mjs")], {
      cwd: root,
      env: {
        ...process.env,
        YAGNA_API_URL: input.url,
        YAGNA_APPKEY: input.appKey,
        GOLEM_REGISTRY_URL: input.url,
        PATH: `${join(root, "bin")}${delimiter}${process.env.PATH ?? ""}`,
        TASKS: String(input.tasks),
        PAR: String(input.workers),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      let report: ChildReport;
      try {
        report = JSON.parse(last) as ChildReport;
      } catch {
        report = { error: `exit ${code}, no JSON line; stdout: ${stdout.slice(-1000)}` };
      }
      const { runMs, totalMs, tasksOk, cpuS } = report;
      if (report.error || runMs === undefined || totalMs === undefined || cpuS === undefined) {
        reject(new Error(`golem-js job failed: ${report.error ?? last}\n${stderr.slice(-2000)}`));
        return;
      }
      resolve({ runMs, totalMs, tasksOk: tasksOk ?? 0, cpuS, cpuIncludesDevnet: false });
    });
  });
}
