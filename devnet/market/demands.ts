import type { DevnetContext } from "../context.js";
import { HttpError } from "../http.js";
import { Notifier } from "../notifier.js";
import type { DemandRecord, NegotiationEvent, ProposalRecord } from "./model.js";
import type { MarketOffer, OfferConstraints } from "./offers.js";
import { Queue } from "./queue.js";
import type { DemandBody } from "./requests.js";
import type { MarketStore } from "./store.js";
import { longTimer } from "./timers.js";

const GONE = Symbol("gone");

/**
 * Demand subscriptions and their negotiation event queues (yagna-protocol.md 2.3,
 * 2.4): subscribing matches the demand against every offer at once; events are
 * consumed, rejections first; a subscription ends when unsubscribed or after
 * `subscriptionTtlSec`, and then its events are a 404.
 *
 * @example
 * const demands = new Demands(ctx, store);
 * const id = demands.subscribe(readDemandBody(req.body));
 * const events = await demands.collect(id, 20, 5000, req.signal);
 */
export class Demands {
  constructor(
    private readonly ctx: DevnetContext,
    private readonly store: MarketStore,
  ) {}

  subscribe(body: DemandBody): string {
    const now = this.ctx.clock.now();
    const ttlMs = (this.ctx.options.subscriptionTtlSec ?? 3600) * 1000;
    const demand: DemandRecord = {
      demandId: this.ctx.ids.subscription(),
      requestorId: this.ctx.requestor.identity,
      properties: body.properties,
      constraints: body.constraints,
      constraint: body.constraint,
      timestamp: now,
      expiresAt: now + ttlMs,
      status: "active",
      rejections: new Queue(),
      proposals: new Queue(),
      changed: new Notifier(),
    };
    demand.ttl = longTimer(this.ctx.clock, () => this.#end(demand, "expired"), ttlMs);
    this.store.demands.set(demand.demandId, demand);
    const matches = this.store.index.match(demand, now);
    for (const m of matches) this.offer(demand, m.offer, m.constraints, now);
    this.ctx.log(`market: demand ${demand.demandId} subscribed, ${matches.length} matching offer(s)`);
    return demand.demandId;
  }

  /** Active demands, oldest first. */
  active(): DemandRecord[] {
    return [...this.store.demands.values()].filter((d) => this.live(d));
  }

  unsubscribe(demandId: string): void {
    const d = this.store.demands.get(demandId);
    if (!d || d.status === "unsubscribed") throw new HttpError(404, `Demand [${demandId}] not found.`);
    this.#end(d, "unsubscribed");
  }

  /**
   * Takes up to `max` events (rejections first), waiting up to `timeoutMs` for one;
   * 404 once the demand is unsubscribed or expired, also for a poll already waiting.
   */
  async collect(
    demandId: string,
    max: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<NegotiationEvent[]> {
    const d = this.store.demands.get(demandId);
    const check = () => {
      if (!d || !this.live(d)) return GONE;
      const events = d.rejections.take(max);
      if (events.length < max) events.push(...d.proposals.take(max - events.length));
      return events.length > 0 ? events : undefined;
    };
    const result = await (d?.changed ?? new Notifier()).waitFor(check, { timeoutMs, signal });
    if (result !== GONE) return result ?? [];
    if (d?.status === "expired") throw new HttpError(404, `Subscription [${demandId}] expired.`);
    throw new HttpError(404, `Subscription [${demandId}] not found. Could be unsubscribed.`);
  }

  /** True while subscribed and not expired (expiry is also checked here, not only by timer). */
  live(d: DemandRecord): boolean {
    if (d.status === "active" && this.ctx.clock.now() >= d.expiresAt) this.#end(d, "expired");
    return d.status === "active";
  }

  /** A new Initial proposal of `offer` for the demand, queued as a ProposalEvent. */
  offer(demand: DemandRecord, offer: MarketOffer, constraints: OfferConstraints, now: number): void {
    const proposal: ProposalRecord = {
      proposalId: this.ctx.ids.proposal(),
      demand,
      offer,
      issuer: "provider",
      issuerId: offer.provider.id,
      state: "Initial",
      properties: offer.properties,
      constraints: constraints.text,
      constraint: constraints.constraint,
      timestamp: now,
    };
    this.store.proposals.set(proposal.proposalId, proposal);
    this.deliver(demand, { kind: "proposal", eventDate: now, proposal });
  }

  /** Queues an event for the requestor and wakes its long polls. */
  deliver(demand: DemandRecord, event: NegotiationEvent): void {
    (event.kind === "rejected" ? demand.rejections : demand.proposals).push(event);
    demand.changed.notify();
  }

  #end(d: DemandRecord, status: "unsubscribed" | "expired"): void {
    if (d.status === "unsubscribed" || d.status === status) return;
    d.status = status;
    d.ttl?.cancel();
    d.rejections.clear();
    d.proposals.clear();
    d.changed.notify();
    this.ctx.log(`market: demand ${d.demandId} ${status}`);
  }
}
