/**
 * The compare harness's devnet: in this process, on 127.0.0.1, fault injection off, N
 * providers taking one agreement each, and its REST call counter.
 */
import { type Devnet, startDevnet } from "../../devnet/index.js";

/**
 * Starts a fresh devnet with `providers` providers (`bench-1` ...), one agreement each.
 *
 * @example
 * const devnet = await startBenchDevnet(10, "compare-1");
 */
export function startBenchDevnet(providers: number, seed: string): Promise<Devnet> {
  return startDevnet({
    port: 0,
    seed,
    providers: Array.from({ length: providers }, (_, i) => ({ name: `bench-${i + 1}`, maxAgreements: 1 })),
  });
}

async function devnetApi(devnet: Devnet, method: "GET" | "POST", path: string): Promise<unknown> {
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
export async function resetStats(devnet: Devnet): Promise<void> {
  await devnetApi(devnet, "POST", "stats/reset");
}

/**
 * The REST calls the devnet answered since the last reset, by route (its own
 * /devnet-api calls are not counted).
 *
 * @example
 * const { total, byRoute } = await readStats(devnet);
 */
export async function readStats(devnet: Devnet): Promise<{ total: number; byRoute: Record<string, number> }> {
  const body = await devnetApi(devnet, "GET", "stats");
  if (typeof body !== "object" || body === null || !("total" in body) || !("byRoute" in body))
    throw new Error(`GET /devnet-api/v1/stats: unexpected body ${JSON.stringify(body)}`);
  return body as { total: number; byRoute: Record<string, number> };
}
