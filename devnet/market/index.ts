import type { DevnetContext, DevnetModule, MarketPort } from "../context.js";
import { Agreements } from "./agreements.js";
import { Demands } from "./demands.js";
import { Negotiations } from "./negotiations.js";
import { buildOffer } from "./offers.js";
import { ProviderAgent } from "./provider-agent.js";
import { agreementRoutes } from "./routes-agreements.js";
import { demandRoutes } from "./routes-demands.js";
import { scanRoutes } from "./routes-scan.js";
import { MarketStore } from "./store.js";

/**
 * The market API (`/market-api/v1`, yagna-protocol.md 2): demands, negotiation with
 * the simulated providers, agreements and their events, and the scan API. It is also
 * the `MarketPort` the activity and payment APIs use to read and end agreements.
 *
 * @example
 * const market = createMarketApi(ctx);
 * ctx.market = market;
 * const server = createDevnetServer(market.routes, { appKey, stats, log });
 */
export function createMarketApi(ctx: DevnetContext): DevnetModule & MarketPort {
  const now = ctx.clock.now();
  const offers = ctx.providers.flatMap((p) =>
    Array.from({ length: p.config.offers }, (_, k) => buildOffer(p, ctx.ids.subscription(), now, k)),
  );
  const store = new MarketStore(offers);
  const demands = new Demands(ctx, store);
  const negotiations = new Negotiations(ctx, store, demands);
  const agent = new ProviderAgent(ctx, store, negotiations);
  const agreements = new Agreements(ctx, store, demands, agent);
  const stopListening = agent.listen();
  const iso = (ms: number) => ctx.clock.iso(ms);
  const scan = scanRoutes(ctx, store, iso);

  return {
    routes: [
      ...demandRoutes(demands, negotiations, store, iso),
      ...agreementRoutes(agreements, store, iso),
      ...scan.routes,
    ],
    stop() {
      stopListening();
      scan.stop();
    },
    agreement: (agreementId) => agreements.view(agreementId),
    terminateByProvider(agreementId, reason) {
      const a = store.agreements.get(agreementId);
      if (a) agent.providerTerminates(a, reason);
    },
  };
}
