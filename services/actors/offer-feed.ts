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
import type { Json } from "./json.js";
import { PriorityRunner } from "./priority-runner.js";
import { ProviderAnswers } from "./provider-answers.js";

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

/** Negotiations at once: counter-proposals awaiting their provider's draft, and rejections. */
const NEGOTIATION_SLOTS = 16;
/** How long a counter-proposal holds its slot when its provider does not answer, ms. */
const ANSWER_WAIT_MS = 5_000;
/** Proposals read per market poll: a crowded market is read in a few calls. */
const MAX_EVENTS = 100;

type Evaluation = { score: number; reason: string | null; rejection: Json };

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === "function";
}

function errorJson(err: unknown): { name: string; message: string } {
  return err instanceof Error
    ? { name: err.name, message: err.message }
    : { name: "Error", message: String(err) };
}

/**
 * The offer feed actor: `market.proposalsReceived` (a batch), then `market.proposalResponded`,
 * `market.offerRejected`, `market.proposalFailed` or `market.draft` per proposal;
 * counter-proposals go out a few at a time, the best-scored offers first, while reading
 * goes on (drafts are handed over as soon as they are read);
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
    // A poll's proposals reach the root as one event, before any of their outcomes.
    let received: { proposalId: string; providerId: string }[] = [];
    const reportReceived = () => {
      const proposals = received;
      received = [];
      if (proposals.length > 0) send({ type: "market.proposalsReceived", proposals });
    };
    /** An outcome: the proposals read before it are reported first, as the log's order wants. */
    const tell = (event: AnyEventObject) => {
      reportReceived();
      send(event);
    };
    const runner = new PriorityRunner(NEGOTIATION_SLOTS, signal);
    const answers = new ProviderAnswers(signal);
    const failed = (proposal: OfferProposal, err: unknown) =>
      tell({ type: "market.proposalFailed", proposalId: proposal.id, error: errorJson(err) });
    const decide = (proposal: OfferProposal, evaluation: Evaluation) => {
      const { score, reason, rejection } = evaluation;
      const terms =
        reason === null ? negotiator.counterTerms(proposal, input.platforms, input.subnetTag) : null;
      const refusal = reason !== null ? { reason, rejection } : terms && !terms.ok ? terms : null;
      if (refusal) {
        // Rejections only inform the provider: they wait for the counter-proposals.
        runner.push(Number.NEGATIVE_INFINITY, async () => {
          try {
            await proposal.reject(refusal.reason);
            tell({
              type: "market.offerRejected",
              proposalId: proposal.id,
              reason: refusal.reason,
              rejection: refusal.rejection,
            });
          } catch (err) {
            failed(proposal, err);
          }
        });
      } else if (terms?.ok && !proposal.isDraft) {
        runner.push(score, async () => {
          try {
            await proposal.respond(
              { ...input.demand.properties, ...terms.properties },
              input.demand.constraints,
            );
            tell({ type: "market.proposalResponded", proposalId: proposal.id });
          } catch (err) {
            failed(proposal, err);
            return;
          }
          // The slot stays taken until the provider answered, so that a crowded market gets
          // a few good counters at a time and their drafts are not queued behind thousands.
          await answers.next(proposal.issuer, ANSWER_WAIT_MS);
        });
      } else if (terms?.ok) {
        drafts.set(proposal.id, proposal);
        answers.answered(proposal.issuer);
        tell({ type: "market.draft", ...draftInfo(proposal, score, terms.platform) });
      }
    };
    const handle = (proposal: OfferProposal) => {
      received.push({ proposalId: proposal.id, providerId: proposal.issuer });
      if (received.length === 1) setImmediate(reportReceived);
      try {
        const answer = negotiator.evaluate(proposal);
        if (isPromise(answer))
          answer.then(
            (evaluation) => decide(proposal, evaluation),
            (err) => failed(proposal, err),
          );
        else decide(proposal, answer);
      } catch (err) {
        failed(proposal, err);
      }
    };
    void (async () => {
      try {
        const subscription = market.subscription(input.subscriptionId);
        for await (const proposal of subscription.events({ signal, pollTimeoutMs, maxEvents: MAX_EVENTS }))
          handle(proposal);
        // The events end without an abort when the daemon no longer knows the demand.
        tell({ type: "market.subscriptionExpired" });
      } catch (err) {
        tell({ type: "market.collectFailed", reason: errorJson(err).message });
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
