import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createActivityApi } from "./activity/index.js";
import { createBaseContext } from "./base-context.js";
import type { DevnetOptions } from "./config.js";
import type { DevnetContext, DevnetModule } from "./context.js";
import { createGftpApi } from "./gftp/index.js";
import { createIdentityApi } from "./identity.js";
import { createImageRegistry } from "./images/index.js";
import { createMarketApi } from "./market/index.js";
import { createPaymentApi } from "./payment/index.js";
import { createDevnetServer } from "./server.js";

export type { AccountConfig, DevnetOptions, FaultConfig, ProviderConfig } from "./config.js";

/** A running devnet. */
export interface Devnet {
  /** Base URL, e.g. `http://127.0.0.1:7465`: set it as `YAGNA_API_URL`. */
  url: string;
  /** The app key every protected endpoint requires: set it as `YAGNA_APPKEY`. */
  appKey: string;
  /** The requestor's node id (`GET /me`). */
  identity: string;
  providers: {
    name: string;
    id: string;
    subnet: string;
    prices: { start: number; cpuSec: number; durationSec: number };
  }[];
  /** "bwrap" when provider commands run confined, "none" when they run as the current user. */
  confinement: "bwrap" | "none";
  /** Every endpoint served, as `METHOD /path/:param` (for tests, benchmarks and docs). */
  routes: string[];
  /** The context shared by the devnet's modules (for tests and the CLI). */
  context: DevnetContext;
  /** Stops serving, ends long polls, kills provider processes, removes sandboxes. */
  stop(): Promise<void>;
}

/**
 * Starts a local yagna-compatible daemon with simulated providers, in this process.
 *
 * @example
 * const devnet = await startDevnet({ port: 0, providerCount: 2, seed: "7" });
 * process.env.YAGNA_API_URL = devnet.url;
 * process.env.YAGNA_APPKEY = devnet.appKey;
 * // ... run a requestor ...
 * await devnet.stop();
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "yatsapi-devnet-"));
  const ctx = createBaseContext(options, { dataDir }) as DevnetContext;

  const market = createMarketApi(ctx);
  const activity = createActivityApi(ctx);
  const images = createImageRegistry(ctx);
  const gftp = createGftpApi(ctx);
  ctx.market = market;
  ctx.activity = activity;
  ctx.images = images;
  ctx.gftp = gftp;
  const modules: DevnetModule[] = [
    createIdentityApi(ctx),
    market,
    activity,
    createPaymentApi(ctx),
    images,
    gftp,
  ];

  const routes = modules.flatMap((m) => m.routes);
  const server = createDevnetServer(routes, { appKey: ctx.requestor.appKey, stats: ctx.stats, log: ctx.log });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 7465, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    appKey: ctx.requestor.appKey,
    identity: ctx.requestor.identity,
    providers: ctx.providers.map((p) => ({
      name: p.name,
      id: p.id,
      subnet: p.config.subnet,
      prices: p.config.prices,
    })),
    confinement: activity.confinement,
    routes: routes.map((r) => `${r.method} ${r.path}`),
    context: ctx,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        ctx.clock.clearAll();
        for (const m of [...modules].reverse()) await m.stop?.();
        await closed;
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
