/**
 * The compare harness's devnet, run in its own process (devnet-process.ts) on 127.0.0.1
 * with fault injection off, and its REST call counter (`/devnet-api/v1/stats`).
 */
import { startJsonChild } from "./child.js";
import { processCpuS } from "./cpu.js";
import type { DevnetProcessInput } from "./devnet-input.js";

/** A devnet running in a child process. */
export interface BenchDevnet {
  url: string;
  appKey: string;
  /** The devnet process's id, to read its CPU (`devnetCpuS`). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a fresh devnet process with `providers` providers (`bench-1` ...), one agreement
 * each, publishing `offers` offers each (default 1).
 *
 * @example
 * const devnet = await startBenchDevnet({ providers: 10, seed: "compare-1" });
 * await devnet.stop();
 */
export async function startBenchDevnet(input: {
  providers: number;
  seed: string;
  offers?: number;
}): Promise<BenchDevnet> {
  const full: DevnetProcessInput = { offers: 1, ...input };
  const child = await startJsonChild<{ url: string; appKey: string }>(
    "bench/compare/devnet-process.ts",
    full,
  );
  return {
    url: child.first.url,
    appKey: child.first.appKey,
    pid: child.pid,
    async stop() {
      await child.stop();
    },
  };
}

/**
 * CPU seconds the devnet process has used so far.
 *
 * @example
 * const before = devnetCpuS(devnet);
 */
export function devnetCpuS(devnet: BenchDevnet): number {
  return processCpuS(devnet.pid);
}

async function devnetApi(devnet: BenchDevnet, method: "GET" | "POST", path: string): Promise<unknown> {
  const res = await fetch(`${devnet.url}/devnet-api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${devnet.appKey}` },
  });
  if (!res.ok) throw new Error(`${method} /devnet-api/v1/${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/**
 * Zeroes the devnet's REST call counter (`POST /devnet-api/v1/stats/reset`).
 *
 * @example
 * await resetStats(devnet);
 */
export async function resetStats(devnet: BenchDevnet): Promise<void> {
  await devnetApi(devnet, "POST", "stats/reset");
}

/**
 * The REST calls the devnet answered since the last reset, by route (its own
 * /devnet-api calls are not counted).
 *
 * @example
 * const { total, byRoute } = await readStats(devnet);
 */
export async function readStats(
  devnet: BenchDevnet,
): Promise<{ total: number; byRoute: Record<string, number> }> {
  const body = await devnetApi(devnet, "GET", "stats");
  if (typeof body !== "object" || body === null || !("total" in body) || !("byRoute" in body))
    throw new Error(`GET /devnet-api/v1/stats: unexpected body ${JSON.stringify(body)}`);
  return body as { total: number; byRoute: Record<string, number> };
}
