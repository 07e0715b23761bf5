// Runs test/compat/te-job.mjs (golem-js's TaskExecutor, unmodified) in a child process
// against a daemon, with yatsapi's bin/ on PATH for gftp, and reads its JSON report.
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

/** What the job printed, plus its stderr for failure messages. */
export interface TeJobReport {
  results?: string[];
  runMs?: number;
  totalMs?: number;
  cpuS?: number;
  /** The job process's peak RSS and its RSS once golem-js was loaded, MB. */
  peakRssMb?: number;
  startRssMb?: number;
  /** SEQUENTIAL=1: each task's run() time, ms. */
  taskMs?: number[];
  /** IDLE_MS: CPU over the idle window, s, and the window, ms. */
  idleCpuS?: number;
  idleMs?: number;
  error?: string;
  stderr: string;
}

/**
 * Runs the golem-js job against `daemon` with the extra environment (TASKS, PAR, MODE...).
 *
 * @example
 * const out = await runTeJob(devnet, { TASKS: "20", PAR: "4", MODE: "plain" });
 */
export function runTeJob(
  daemon: { url: string; appKey: string },
  env: Record<string, string>,
): Promise<TeJobReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", join(root, "test/compat/te-job.mjs")], {
      cwd: root,
      env: {
        ...process.env,
        YAGNA_API_URL: daemon.url,
        YAGNA_APPKEY: daemon.appKey,
        GOLEM_REGISTRY_URL: daemon.url,
        PATH: `${join(root, "bin")}${delimiter}${process.env.PATH ?? ""}`,
        ...env,
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
      try {
        resolve({ ...(JSON.parse(last) as Omit<TeJobReport, "stderr">), stderr });
      } catch {
        resolve({ error: `exit ${code}, no result line; stdout: ${stdout.slice(-2000)}`, stderr });
      }
    });
  });
}
