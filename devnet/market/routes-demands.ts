import { empty, intParam, json, type Route, timeoutMs } from "../http.js";
import type { Demands } from "./demands.js";
import type { Negotiations } from "./negotiations.js";
import { parseProposalId, parseSubscriptionId, readDemandBody, readReason } from "./requests.js";
import type { MarketStore } from "./store.js";
import { demandJson, type Iso, negotiationEventJson, proposalJson } from "./views.js";

export const MARKET_PREFIX = "/market-api/v1";

/**
 * Market `maxEvents`: default 20, 1..100, else the daemon's 400 (yagna-protocol.md 1.5).
 *
 * @example
 * const max = maxEventsParam(req.query); // ?maxEvents=101 -> 400
 */
export function maxEventsParam(query: URLSearchParams): number {
  return intParam(query, "maxEvents", { default: 20, min: 1, max: 100 })!;
}

/**
 * The requestor's demand and negotiation endpoints (yagna-protocol.md 2.1).
 *
 * @example
 * const routes = demandRoutes(demands, negotiations, store, (ms) => ctx.clock.iso(ms));
 */
export function demandRoutes(
  demands: Demands,
  negotiations: Negotiations,
  store: MarketStore,
  iso: Iso,
): Route[] {
  const base = `${MARKET_PREFIX}/demands`;
  const proposal = `${base}/:subscriptionId/proposals/:proposalId`;
  return [
    {
      method: "POST",
      path: base,
      handler: (req) => json(201, demands.subscribe(readDemandBody(req.body))),
    },
    {
      method: "GET",
      path: base,
      handler: () =>
        json(
          200,
          demands.active().map((d) => demandJson(d, iso)),
        ),
    },
    {
      method: "DELETE",
      path: `${base}/:subscriptionId`,
      handler: (req) => {
        demands.unsubscribe(parseSubscriptionId(req.params.subscriptionId!));
        return empty(204);
      },
    },
    {
      method: "GET",
      path: `${base}/:subscriptionId/events`,
      handler: async (req) => {
        const id = parseSubscriptionId(req.params.subscriptionId!);
        const max = maxEventsParam(req.query);
        const events = await demands.collect(id, max, timeoutMs(req.query, 5), req.signal);
        return json(
          200,
          events.map((e) => negotiationEventJson(e, iso)),
        );
      },
    },
    {
      method: "GET",
      path: proposal,
      handler: (req) => {
        const sub = parseSubscriptionId(req.params.subscriptionId!);
        return json(200, proposalJson(store.proposal(sub, parseProposalId(req.params.proposalId!)), iso));
      },
    },
    {
      method: "POST",
      path: proposal,
      handler: (req) => {
        const sub = parseSubscriptionId(req.params.subscriptionId!);
        const id = parseProposalId(req.params.proposalId!);
        return json(200, negotiations.counter(sub, id, readDemandBody(req.body)));
      },
    },
    {
      method: "POST",
      path: `${proposal}/reject`,
      handler: (req) => {
        const sub = parseSubscriptionId(req.params.subscriptionId!);
        const id = parseProposalId(req.params.proposalId!);
        readReason(req.body);
        negotiations.reject(sub, id);
        return empty(204);
      },
    },
  ];
}
