import { randomBytes } from "node:crypto";
import { Clock } from "./clock.js";
import { DEFAULT_ACCOUNTS, type DevnetOptions } from "./config.js";
import { DevnetBus, type DevnetContext, RequestStats } from "./context.js";
import { Ids } from "./ids.js";
import { resolveProviders } from "./providers.js";
import { Rng } from "./rng.js";

/** A devnet context before its modules exist: the ports are filled in by whoever wires the modules. */
export type BaseContext = Omit<DevnetContext, "market" | "activity" | "gftp" | "images">;

/**
 * Everything the devnet's modules share, made from the options: the seeded generator
 * and ids, the requestor's identity and app key, the resolved providers.
 *
 * @example
 * const ctx = createBaseContext({ seed: "7", providerCount: 2 }, { dataDir: "/tmp/dn" });
 * ctx.providers.length; // 2
 */
export function createBaseContext(
  options: DevnetOptions,
  overrides: { dataDir: string; clock?: Clock },
): BaseContext {
  const rng = Rng.fromSeed(options.seed ?? randomBytes(8).toString("hex"));
  const ids = new Ids(rng.fork("ids"));
  const accounts = options.accounts ?? DEFAULT_ACCOUNTS;
  const bus = new DevnetBus();
  bus.setMaxListeners(100);
  return {
    options,
    clock: overrides.clock ?? new Clock(),
    rng,
    ids,
    bus,
    stats: new RequestStats(),
    requestor: {
      identity: ids.nodeId(),
      name: options.appKeyName ?? "requestor",
      appKey: options.appKey ?? randomBytes(16).toString("hex"),
      accounts,
    },
    providers: resolveProviders(
      options,
      accounts.map((a) => a.platform),
      ids,
      rng,
    ),
    dataDir: overrides.dataDir,
    log: options.log ?? (() => {}),
  };
}
