import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { CommandLine } from "./confinement.js";

/** How a provider process ended, and the CPU time it and its descendants used. */
export interface ProcessOutcome {
  /** The exit code, or undefined when it was killed by a signal or never started. */
  code?: number;
  signal?: string;
  /** Set when the process could not be started. */
  error?: string;
  cpuSec: number;
}

/**
 * The entry point runs under a small `sh` wrapper whose `times` builtin reports, on fd
 * 3, the CPU time of every descendant it reaped: real usage, even for processes that
 * lived only a few milliseconds. The wrapper keeps the entry point's exit code. It runs
 * inside bubblewrap, whose own reaping would lose the children's accounting.
 */
const WRAPPER = '"$@" 3>&-; rc=$?; times >&3; exit $rc';

const CLOCK_TICKS = 100;

/**
 * A provider process in its own process group, so that terminate/destroy/stop can
 * kill everything it started.
 *
 * @example
 * const p = new ProviderProcess(line, { stdout: (c) => out.push(c), stderr: () => {} });
 * const { code, cpuSec } = await p.done;
 */
export class ProviderProcess {
  readonly done: Promise<ProcessOutcome>;
  readonly #child: ChildProcess;
  #exited = false;
  #lastSample = 0;

  constructor(
    line: CommandLine,
    sinks: { stdout: (chunk: Buffer) => void; stderr: (chunk: Buffer) => void },
  ) {
    const [command, ...args] = [...line.prefix, "/bin/sh", "-c", WRAPPER, "exe-unit", ...line.argv] as [
      string,
      ...string[],
    ];
    this.#child = spawn(command, args, {
      cwd: line.cwd,
      env: line.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    const child = this.#child;
    child.stdout!.on("data", sinks.stdout);
    child.stderr!.on("data", sinks.stderr);
    let times = "";
    const timesPipe = child.stdio[3] as NodeJS.ReadableStream;
    timesPipe.setEncoding("utf8");
    timesPipe.on("data", (text: string) => {
      times += text;
    });
    this.done = new Promise((resolve) => {
      child.once("error", (err) => {
        this.#exited = true;
        resolve({ error: err.message, cpuSec: 0 });
      });
      // "close" waits for the pipes, so every output chunk has been delivered.
      child.once("close", (code, signal) => {
        this.#exited = true;
        const cpuSec = parseTimes(times) ?? this.#lastSample;
        resolve(code !== null ? { code, cpuSec } : { signal: signal ?? "SIGKILL", cpuSec });
      });
    });
  }

  /** CPU seconds used so far by the process tree, read from /proc (0 where there is none). */
  cpuSoFar(): number {
    if (this.#exited || this.#child.pid === undefined) return this.#lastSample;
    this.#lastSample = Math.max(this.#lastSample, treeCpuSec(this.#child.pid));
    return this.#lastSample;
  }

  /** Kills the whole process group (the wrapper, bubblewrap and everything inside). */
  kill(): void {
    if (this.#exited || this.#child.pid === undefined) return;
    try {
      process.kill(-this.#child.pid, "SIGKILL");
    } catch {
      this.#child.kill("SIGKILL");
    }
  }
}

/**
 * Parses the children's line of `times` (`0m1.250s 0m0.030s`) into seconds.
 *
 * @example
 * parseTimes("0m0.00s 0m0.00s\n0m1.25s 0m0.03s"); // 1.28
 */
export function parseTimes(text: string): number | undefined {
  const lines = text.trim().split("\n");
  const m = /^(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s$/.exec(lines[lines.length - 1]?.trim() ?? "");
  if (!m || lines.length < 2) return undefined;
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

/**
 * CPU seconds of a live process tree: for each live member, its own time plus the time
 * of the children it has reaped (`/proc/<pid>/stat` fields 14-17).
 *
 * @example
 * treeCpuSec(child.pid); // 0.42
 */
export function treeCpuSec(rootPid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      stats.set(Number(name), { ppid: Number(fields[1]), ticks });
    } catch {
      // The process ended while we were reading.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let ticks = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks / CLOCK_TICKS;
}
