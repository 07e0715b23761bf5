/**
 * The harness's child processes: a bench script run with `node --import tsx`, given its
 * input as JSON in `YATSAPI_BENCH_INPUT` (the environment, not the command line, which
 * other users can read: the input may hold an app key), answering with JSON lines on stdout. Each driver and the
 * devnet run in their own process so that each one's CPU and peak RSS are its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const root = new URL("../..", import.meta.url).pathname;

/**
 * The environment variable a child script reads its JSON input from.
 *
 * @example
 * const input: unknown = JSON.parse(process.env[INPUT_VARIABLE] ?? "null");
 */
export const INPUT_VARIABLE = "YATSAPI_BENCH_INPUT";

/** A running child that answered with its first JSON line. */
export interface JsonChild<T> {
  pid: number;
  /** The first JSON line the child printed. */
  first: T;
  /** Closes the child's stdin (its cue to stop) and resolves with its last JSON line. */
  stop(): Promise<unknown>;
}

/** A `.ts` script runs through tsx, a `.js` one (compile.ts's output) with plain node. */
function spawnScript(script: string, input: unknown): ChildProcess {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  return spawn(process.execPath, [...loader, "--expose-gc", script], {
    cwd: root,
    env: { ...process.env, [INPUT_VARIABLE]: JSON.stringify(input) },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Runs `script` (a path under the repository, or an absolute one) to its end and returns its last stdout line
 * as JSON; throws with the child's stderr when it printed none or reported `error`, and
 * kills it after `timeoutMs` (default 10 minutes) so that a stuck driver cannot hang a run.
 *
 * @example
 * const out = await runJsonChild<{ cpuS: number }>("bench/compare/driver-process.ts", { job: "x" });
 */
export function runJsonChild<T>(script: string, input: unknown, timeoutMs = 600_000): Promise<T> {
  const child = spawnScript(script, input);
  child.stdin?.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    let last: unknown;
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr = (stderr + String(d)).slice(-4000);
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      last = parseLine(line) ?? last;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") {
        reject(new Error(`${script} killed after ${timeoutMs} ms\n${stderr}`));
        return;
      }
      const report = last as { error?: unknown } | undefined;
      if (report && report.error === undefined) resolve(report as T);
      else
        reject(new Error(`${script} exited ${code}: ${String(report?.error ?? "no JSON line")}\n${stderr}`));
    });
  });
}

/**
 * Starts `script` and waits for its first JSON line (its ready signal); the child keeps
 * running until `stop()`.
 *
 * @example
 * const devnet = await startJsonChild<{ url: string }>("bench/compare/devnet-process.ts", opts);
 * await devnet.stop();
 */
export function startJsonChild<T>(script: string, input: unknown): Promise<JsonChild<T>> {
  const child = spawnScript(script, input);
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const lines: unknown[] = [];
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const value = parseLine(line);
      if (value === undefined) return;
      lines.push(value);
      if (lines.length > 1) return;
      resolve({
        pid: child.pid!,
        first: value as T,
        async stop() {
          child.stdin?.end();
          const code = await closed;
          if (code !== 0) throw new Error(`${script} exited ${code} on stop\n${stderr}`);
          return lines.at(-1);
        },
      });
    });
    child.on("error", reject);
    void closed.then((code) => {
      if (lines.length === 0) reject(new Error(`${script} exited ${code} before it was ready\n${stderr}`));
    });
  });
}
