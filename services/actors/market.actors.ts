/**
 * The REST actors of the root machine (machines/computation.machine.ts) for the market and
 * the computation's allocations: allocate, subscribe, the offer feed (negotiation), the
 * agreement-events feed, and the release at shutdown. Input and output shapes repeat the
 * machine's placeholders (services/ never imports machines/ or src/); TypeScript checks the
 * match where src/ calls `.provide()`. Scoring and negotiation rules come in from src/ as an
 * `OfferNegotiator`, so this file holds only the REST side of them.
 */
import { type AnyEventObject, fromCallback, fromPromise } from "xstate";
import { backoffDelay, DEFAULT_RETRY_POLICY, delay } from "../http/retry.js";
import type { Market } from "../market/market.js";
import type { OfferProposal } from "../market/offer-proposal.js";
import type { Reason } from "../market/types.js";
import type { Allocation } from "../payment/allocation.js";
import type { Payment } from "../payment/payment.js";
import type { DraftRegistry } from "./agreement.actors.js";
import type { Json } from "./json.js";
import { type OfferNegotiator, offerFeed } from "./offer-feed.js";

export type { OfferNegotiator } from "./offer-feed.js";

export interface AllocationInfo {
  allocationId: string;
  platform: string;
  address: string;
}

export interface MarketActorOptions {
  /** Scopes agreement events to this computation. */
  appSessionId?: string;
  /** How long the daemon may hold each market long poll, ms. Default 5000. */
  pollTimeoutMs?: number;
}

const AGREEMENT_FEED_POLICY = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 5000 };

/**
 * Binds the root's market and allocation actors. `drafts` is shared with the agreement
 * actors: the offer feed puts each draft there, `createAgreement` takes it out.
 *
 * @example
 * const drafts = new Map<string, OfferProposal>();
 * const actors = marketActors(yagna.market, yagna.payment, negotiator, drafts);
 * const bound = computationMachine.provide({ actors: { ...actors, buildDemand, ... } });
 */
export function marketActors(
  market: Market,
  payment: Payment,
  negotiator: OfferNegotiator,
  drafts: DraftRegistry & { set(id: string, proposal: OfferProposal): unknown },
  opts: MarketActorOptions = {},
) {
  const allocations = new Map<string, Allocation>();
  const pollTimeoutMs = opts.pollTimeoutMs ?? 5000;
  return {
    /**
     * One allocation for the whole budget per account matching driver and network (as
     * yapapi), and the demand decoration for them. No match: no allocation at all.
     */
    allocate: fromPromise<
      {
        allocations: AllocationInfo[];
        decoration: { properties: { key: string; value: Json }[]; constraints: string[] };
      },
      { budget: string; driver: string; network: string; expiresAt: number }
    >(async ({ input }) => {
      const accounts = (await payment.accounts()).filter(
        (a) =>
          a.driver.toLowerCase() === input.driver.toLowerCase() &&
          a.network.toLowerCase() === input.network.toLowerCase(),
      );
      const made: Allocation[] = [];
      try {
        for (const account of accounts) {
          const allocation = await payment.newAllocation(input.budget, account.platform, account.address, {
            expires: new Date(input.expiresAt),
          });
          made.push(allocation);
          allocations.set(allocation.id, allocation);
        }
        if (made.length === 0) return { allocations: [], decoration: { properties: [], constraints: [] } };
        const decoration = await payment.decorateDemand(made.map((a) => a.id));
        return {
          allocations: made.map((a, i) => ({
            allocationId: a.id,
            platform: a.paymentPlatform ?? accounts[i]!.platform,
            address: a.paymentAddress ?? accounts[i]!.address,
          })),
          decoration: {
            properties: decoration.properties.map((p) => ({ key: p.key, value: p.value as Json })),
            constraints: [...decoration.constraints],
          },
        };
      } catch (err) {
        // Nothing is left reserved when the computation cannot start.
        await Promise.allSettled(made.map((a) => a.release()));
        throw err;
      }
    }),

    subscribe: fromPromise<
      { subscriptionId: string },
      { demand: { properties: Record<string, Json>; constraints: string } }
    >(async ({ input }) => {
      const subscription = await market.subscribe(input.demand.properties, input.demand.constraints);
      return { subscriptionId: subscription.id };
    }),

    offerFeed: offerFeed(negotiator, market, drafts, pollTimeoutMs),

    /** Reports agreements the provider terminated; rides out failures with a backoff. */
    agreementEventsFeed: fromCallback<AnyEventObject, { appSessionId?: string }>(({ input, sendBack }) => {
      const controller = new AbortController();
      const { signal } = controller;
      void (async () => {
        let since = new Date().toISOString();
        for (let failures = 0; !signal.aborted; ) {
          try {
            const events = market.agreementEvents({
              since,
              appSessionId: input.appSessionId,
              pollTimeoutMs,
              signal,
            });
            for await (const e of events) {
              since = e.eventDate;
              failures = 0;
              if (
                e.eventType === "AgreementTerminatedEvent" &&
                e.terminator === "Provider" &&
                !signal.aborted
              ) {
                const reason: Reason = e.reason ?? { message: "Terminated by the provider" };
                sendBack({ type: "agreement.providerTerminated", agreementId: e.agreementId, reason });
              }
            }
            return;
          } catch {
            failures++;
            await delay(backoffDelay(failures, AGREEMENT_FEED_POLICY), signal).catch(() => undefined);
          }
        }
      })();
      return () => controller.abort();
    }),

    /** Unsubscribes and releases the allocations; what is already gone counts as done. */
    releaseResources: fromPromise<void, { subscriptionId?: string; allocationIds: string[] }>(
      async ({ input }) => {
        const results = await Promise.allSettled([
          ...(input.subscriptionId ? [market.subscription(input.subscriptionId).delete()] : []),
          ...input.allocationIds.map(async (id) => {
            const allocation = allocations.get(id) ?? (await payment.allocation(id));
            await allocation.release();
            allocations.delete(id);
          }),
        ]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) throw failed.reason;
      },
    ),
  };
}
