/**
 * The root's offer feed: reads the proposals of a subscription and negotiates each (score,
 * reject or counter an initial offer, hand a draft over for an agreement), telling the root
 * what happened. Scoring and the counter-proposal's terms come from src/ as an
 * `OfferNegotiator`, so this file holds only the REST side of negotiation.
 */
import { type AnyEventObject, fromCallback } from "xstate";
import type { Market } from "../market/market.js";
import type { OfferProposal } from "../market/offer-proposal.js";
import type { DraftRegistry } from "./agreement.actors.js";

/** A JSON value (an object key may hold undefined: JSON.stringify leaves it out). */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [key: string]: Json | undefined };

/** What the offer feed asks of src/'s scoring and negotiation rules. */
export interface OfferNegotiator {
  /** The offer's score; `reason` (what the provider is told) is set when it is rejected. */
  evaluate(
    offer: OfferProposal,
  ):
    | Promise<{ score: number; reason: string | null; rejection: Json }>
    | { score: number; reason: string | null; rejection: Json };
  /** The properties to add to our counter-proposal, and the chosen platform; or why not. */
  counterTerms(
    offer: OfferProposal,
    platforms: readonly string[],
    subnetTag: string | null,
  ):
    | { ok: true; properties: Record<string, Json>; platform: string }
    | { ok: false; reason: string; rejection: Json };
}

function errorJson(err: unknown): { name: string; message: string } {
  return err instanceof Error
    ? { name: err.name, message: err.message }
    : { name: "Error", message: String(err) };
}

/**
 * The offer feed actor: `market.proposalReceived`, then `market.proposalResponded`,
 * `market.offerRejected`, `market.proposalFailed` or `market.draft` per proposal;
 * `market.subscriptionExpired` when the daemon drops the demand, `market.collectFailed`
 * when reading fails.
 *
 * @example
 * const feed = offerFeed(negotiator, yagna.market, drafts, 5000);
 */
export function offerFeed(
  negotiator: OfferNegotiator,
  market: Market,
  drafts: DraftRegistry & { set(id: string, proposal: OfferProposal): unknown },
  pollTimeoutMs: number,
) {
  return fromCallback<
    AnyEventObject,
    {
      subscriptionId: string;
      demand: { properties: Record<string, Json>; constraints: string };
      platforms: string[];
      subnetTag: string | null;
    }
  >(({ input, sendBack }) => {
    const controller = new AbortController();
    const { signal } = controller;
    const send = (event: AnyEventObject) => {
      if (!signal.aborted) sendBack(event);
    };
    const handle = async (proposal: OfferProposal) => {
      send({ type: "market.proposalReceived", proposalId: proposal.id, providerId: proposal.issuer });
      try {
        const { score, reason, rejection } = await negotiator.evaluate(proposal);
        const terms =
          reason === null ? negotiator.counterTerms(proposal, input.platforms, input.subnetTag) : null;
        const refusal = reason !== null ? { reason, rejection } : terms && !terms.ok ? terms : null;
        if (refusal) {
          await proposal.reject(refusal.reason);
          send({
            type: "market.offerRejected",
            proposalId: proposal.id,
            reason: refusal.reason,
            rejection: refusal.rejection,
          });
        } else if (terms?.ok && !proposal.isDraft) {
          const properties = { ...input.demand.properties, ...terms.properties };
          await proposal.respond(properties, input.demand.constraints);
          send({ type: "market.proposalResponded", proposalId: proposal.id });
        } else if (terms?.ok) {
          drafts.set(proposal.id, proposal);
          send({ type: "market.draft", ...draftInfo(proposal, score, terms.platform) });
        }
      } catch (err) {
        send({ type: "market.proposalFailed", proposalId: proposal.id, error: errorJson(err) });
      }
    };
    void (async () => {
      try {
        const subscription = market.subscription(input.subscriptionId);
        for await (const proposal of subscription.events({ signal, pollTimeoutMs })) await handle(proposal);
        // The events end without an abort when the daemon no longer knows the demand.
        send({ type: "market.subscriptionExpired" });
      } catch (err) {
        send({ type: "market.collectFailed", reason: errorJson(err).message });
      }
    })();
    return () => controller.abort();
  });
}

function draftInfo(proposal: OfferProposal, score: number, platform: string) {
  const props = proposal.props;
  const name = props["golem.node.id.name"];
  const subnet = props["golem.node.debug.subnet"];
  const interval = props["golem.com.scheme.payu.debit-note.interval-sec?"];
  return {
    proposalId: proposal.id,
    providerId: proposal.issuer,
    providerName: typeof name === "string" ? name : proposal.issuer,
    subnetTag: typeof subnet === "string" ? subnet : null,
    score,
    multiActivity: props["golem.srv.caps.multi-activity"] === true,
    platform,
    debitNoteIntervalSec: typeof interval === "number" ? interval : null,
  };
}
