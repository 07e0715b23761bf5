import { ApiError } from "../http/errors.js";
import { asArray, asObject } from "../http/guards.js";
import { idlePause, isPollTimeout, untilAborted } from "../http/long-poll.js";
import { pathOf, type RestClient, type RestRequest } from "../http/rest-client.js";
import { OfferProposal } from "./offer-proposal.js";
import type { Demand, Proposal, Reason, RequestorEvent } from "./types.js";

/** Options of the negotiation-event long poll. */
export interface SubscriptionPollOptions {
  /** How long the daemon may hold each call, ms. Default 5000 (yapapi 0.5.5). */
  pollTimeoutMs?: number;
  /** Events per call, 1..100. Default 10. */
  maxEvents?: number;
  /** Pause after an empty answer that came back too fast, ms. Default 1000. */
  idleDelayMs?: number;
  /** Ends the iteration quietly. */
  signal?: AbortSignal;
}

/** A provider rejected one of our proposals (usually a counter-proposal). */
export interface ProposalRejection {
  kind: "rejected";
  /** Our proposal that was rejected. */
  proposalId: string;
  reason: Reason | undefined;
  eventDate: string;
}

/** What the negotiation feed delivers: proposals to consider, and rejections of ours. */
export type NegotiationEvent =
  | { kind: "proposal"; proposal: OfferProposal; eventDate: string }
  | ProposalRejection;

/**
 * A demand published on the market, and the feed of offers that match it.
 *
 * @example
 * const sub = await market.subscribe(props, constraints);
 * for await (const proposal of sub.events({ signal })) {
 *   if (!proposal.isDraft) await proposal.respond(props, constraints);
 * }
 * await sub.delete();
 */
export class Subscription {
  /** True once deleted here, or once the daemon said it is gone (404: expired or unsubscribed). */
  closed = false;

  constructor(
    readonly client: RestClient,
    readonly id: string,
    /** The demand as the daemon stored it, when it was listed with `market.subscriptions()`. */
    readonly details?: Demand,
  ) {}

  /**
   * Unsubscribes the demand. A demand the daemon no longer knows (404, 410) counts as done.
   *
   * @example
   * await subscription.delete();
   */
  async delete(): Promise<void> {
    if (this.closed) return;
    try {
      await this.client.request({ method: "DELETE", path: pathOf`/demands/${this.id}` });
    } catch (err) {
      if (!(err instanceof ApiError && (err.status === 404 || err.status === 410))) throw err;
    }
    this.closed = true;
  }

  /**
   * Offers matching the demand, as proposals. Ends when the subscription is gone (404:
   * unsubscribed or expired) or the signal aborts; rides out time-outs.
   *
   * @example
   * for await (const p of sub.events()) console.log(p.issuer, p.isDraft);
   */
  async *events(opts: SubscriptionPollOptions = {}): AsyncGenerator<OfferProposal> {
    for await (const event of this.negotiationEvents(opts))
      if (event.kind === "proposal") yield event.proposal;
  }

  /**
   * Every negotiation event: proposals and rejections of our proposals, in the daemon's
   * order. The daemon consumes events as it returns them, so each arrives once.
   *
   * @example
   * for await (const e of sub.negotiationEvents()) if (e.kind === "rejected") console.log(e.reason);
   */
  async *negotiationEvents(opts: SubscriptionPollOptions = {}): AsyncGenerator<NegotiationEvent> {
    const pollTimeoutMs = opts.pollTimeoutMs ?? 5000;
    const req: RestRequest = {
      method: "GET",
      path: pathOf`/demands/${this.id}/events`,
      query: { timeout: pollTimeoutMs / 1000, maxEvents: opts.maxEvents ?? 10 },
      longPollMs: pollTimeoutMs,
      signal: opts.signal,
    };
    while (!this.closed && !opts.signal?.aborted) {
      const started = Date.now();
      let events: RequestorEvent[];
      try {
        const r = await untilAborted(opts.signal, () => this.client.request(req));
        if (r.aborted) return;
        events = asArray<RequestorEvent>(r.value.body, this.client.site(req));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          this.closed = true;
          return;
        }
        if (isPollTimeout(err)) continue;
        throw err;
      }
      for (const e of events) {
        if (e.eventType === "ProposalEvent") {
          yield { kind: "proposal", proposal: new OfferProposal(this, e.proposal), eventDate: e.eventDate };
        } else if (e.eventType === "ProposalRejectedEvent") {
          yield { kind: "rejected", proposalId: e.proposalId, reason: e.reason, eventDate: e.eventDate };
        }
      }
      const r = await untilAborted(opts.signal, () =>
        idlePause(events.length, started, pollTimeoutMs, opts.idleDelayMs ?? 1000, opts.signal),
      );
      if (r.aborted) return;
    }
  }

  /**
   * Reads one proposal of this negotiation (ours or the provider's).
   *
   * @example
   * const mine = await sub.proposal(counterId);
   */
  async proposal(proposalId: string): Promise<OfferProposal> {
    const req: RestRequest = { method: "GET", path: pathOf`/demands/${this.id}/proposals/${proposalId}` };
    const res = await this.client.request(req);
    return new OfferProposal(
      this,
      asObject<Proposal>(res.body, this.client.site(req), ["proposalId", "properties"]),
    );
  }
}
