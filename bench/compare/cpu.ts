/**
 * CPU and memory of the harness's processes: this one (`cpuMeter`, `peakRssMb`) and a
 * child seen from outside (`processCpuS`, Linux's /proc).
 */
import { readFileSync } from "node:fs";

/**
 * Starts a CPU meter; calling the result gives the user + system seconds since.
 *
 * @example
 * const cpu = cpuMeter();
 * await work();
 * console.log(`${cpu()} s`);
 */
export function cpuMeter(): () => number {
  const start = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1e6;
  };
}

/**
 * This process's peak resident set size so far (the kernel's high-water mark), MB.
 *
 * @example
 * console.log(`${peakRssMb().toFixed(0)} MB`);
 */
export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

/** Clock ticks per second of /proc's CPU times: 100 on every Linux this runs on. */
const CLK_TCK = 100;

/**
 * User + system CPU seconds another process has used so far, from `/proc/<pid>/stat`
 * (Linux); throws naming the pid when it cannot be read.
 *
 * @example
 * const before = processCpuS(devnet.pid);
 */
export function processCpuS(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`/proc/${pid}/stat: no CPU times in ${JSON.stringify(stat.slice(0, 200))}`);
  return (utime + stime) / CLK_TCK;
}
