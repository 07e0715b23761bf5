import { type DevnetOptions, defaultProviders, type ProviderConfig } from "./config.js";
import type { ProviderNode } from "./context.js";
import type { Ids } from "./ids.js";
import type { Rng } from "./rng.js";

/**
 * Fills in each provider's defaults (ya-provider's where it has one) and gives it an
 * identity and its own fault stream.
 *
 * @example
 * resolveProviders({ providerCount: 2 }, ["erc20-holesky-tglm"], ids, rng)[0].config.maxAgreements; // 1
 */
export function resolveProviders(
  options: DevnetOptions,
  platforms: string[],
  ids: Ids,
  rng: Rng,
): ProviderNode[] {
  const configs: ProviderConfig[] = options.providers ?? defaultProviders(options.providerCount ?? 4);
  const seen = new Set<string>();
  return configs.map((c, i) => {
    if (!c || typeof c.name !== "string" || c.name === "")
      throw new Error(`devnet: provider #${i + 1} has no name`);
    if (seen.has(c.name)) throw new Error(`devnet: two providers are named "${c.name}"`);
    seen.add(c.name);
    for (const [key, value] of Object.entries(c.prices ?? {})) {
      if (typeof value !== "number" || !(value >= 0))
        throw new Error(`devnet: provider "${c.name}": price ${key} must be a number >= 0`);
    }
    if (c.offers !== undefined && !(Number.isInteger(c.offers) && c.offers >= 1))
      throw new Error(
        `devnet: provider "${c.name}": offers must be an integer >= 1 (got ${String(c.offers)})`,
      );
    return {
      id: ids.nodeId(),
      name: c.name,
      rng: rng.fork(`provider:${c.name}`),
      config: {
        name: c.name,
        subnet: c.subnet ?? "public",
        runtime: c.runtime ?? "vm",
        prices: {
          start: c.prices?.start ?? 0,
          cpuSec: c.prices?.cpuSec ?? 0.1 / 3600,
          durationSec: c.prices?.durationSec ?? 0.025 / 3600,
        },
        cpuThreads: c.cpuThreads ?? 4,
        cpuCores: c.cpuCores ?? Math.max(1, Math.floor((c.cpuThreads ?? 4) / 2)),
        memGib: c.memGib ?? 8,
        storageGib: c.storageGib ?? 40,
        multiActivity: c.multiActivity ?? true,
        debitNoteIntervalSec: c.debitNoteIntervalSec ?? 120,
        debitNoteAcceptTimeoutSec: c.debitNoteAcceptTimeoutSec ?? 240,
        paymentTimeoutSec: c.paymentTimeoutSec === undefined ? 120 : c.paymentTimeoutSec,
        maxAgreements: c.maxAgreements ?? 1,
        offers: c.offers ?? 1,
        idleAgreementTimeoutSec: c.idleAgreementTimeoutSec ?? 90,
        platforms: c.platforms ?? platforms,
        faults: c.faults ?? {},
      },
    };
  });
}
