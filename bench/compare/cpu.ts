/**
 * CPU seconds of this process between two points, for the in-process drivers.
 */

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
