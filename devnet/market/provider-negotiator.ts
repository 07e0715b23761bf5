import type { ProviderNode } from "../context.js";
import { chronoRfc3339, chronoUtc, humanDuration } from "./format.js";
import { type FlatProperties, prop } from "./properties.js";

/**
 * The provider agent's negotiation checks (yagna-protocol.md 7.1, ya-provider's
 * builtin negotiators): run on each requestor counter-proposal, and again on
 * (demand, offer) when an agreement arrives, where only "ready" approves.
 */

/** What the provider makes of a demand: counter with `offer` (ready or not), or reject. */
export type NegotiationResult =
  | { kind: "ready"; offer: FlatProperties }
  | { kind: "negotiating"; offer: FlatProperties }
  | { kind: "reject"; message: string; isFinal: boolean };

export interface NegotiationInput {
  provider: ProviderNode;
  /** The requestor's flat properties. */
  demand: FlatProperties;
  /** The provider's previous proposal (or the agreement's offer): the base of the counter. */
  offer: FlatProperties;
  now: number;
  /** False when the provider already runs `maxAgreements` agreements. */
  hasFreeSlot: boolean;
}

const EXPIRATION = "golem.srv.comp.expiration";
const CHOSEN_PLATFORM = "golem.com.payment.chosen-platform";
const ACCEPT_TIMEOUT = "golem.com.payment.debit-notes.accept-timeout?";
const INTERVAL = "golem.com.scheme.payu.debit-note.interval-sec?";
const PAYMENT_TIMEOUT = "golem.com.scheme.payu.payment-timeout-sec?";

const YEAR = 31_557_600;
/** ya-provider's defaults, in seconds. */
const MIN_EXPIRATION = 5 * 60;
const MAX_EXPIRATION = 100 * YEAR;
const MAX_EXPIRATION_WITHOUT_DEADLINE = 30 * 60;
const MIN_DEADLINE = 5;
const INTERVAL_RANGE: [number, number] = [1, 24 * 3600];
const PAYMENT_TIMEOUT_RANGE: [number, number] = [1, 24 * 3600];
const PAYMENT_TIMEOUT_REQUIRED_FROM = 10 * 3600;

class Invalid extends Error {}

/** A `u32` number of seconds, or undefined when absent; anything else is an Invalid. */
function seconds(props: FlatProperties, key: string): number | undefined {
  const v = prop(props, key);
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new Invalid(`Invalid value of '${key}': ${JSON.stringify(v)} is not a whole number of seconds`);
  }
  return v;
}

function reject(message: string, isFinal: boolean): NegotiationResult {
  return { kind: "reject", message, isFinal };
}

function rangeText([min, max]: [number, number]): string {
  return `[${humanDuration(min)}; ${humanDuration(max)}]`;
}

/**
 * One negotiation step over all checks, in ya-provider's order of concerns.
 *
 * @example
 * const r = negotiateStep({ provider, demand, offer, now: Date.now(), hasFreeSlot: true });
 * if (r.kind === "reject") console.log(r.message, r.isFinal);
 */
export function negotiateStep(input: NegotiationInput): NegotiationResult {
  try {
    return steps(input);
  } catch (err) {
    if (err instanceof Invalid) return reject(err.message, true);
    throw err;
  }
}

function steps({ provider, demand, offer: base, now, hasFreeSlot }: NegotiationInput): NegotiationResult {
  const offer: FlatProperties = { ...base };
  let ready = true;

  // DemandValidation, plus: the chosen platform must be one this provider offered.
  const platform = prop(demand, CHOSEN_PLATFORM);
  if (platform === undefined) return reject("Missing fields: /golem/com/payment/chosen-platform", false);
  if (
    typeof platform !== "string" ||
    prop(offer, `golem.com.payment.platform.${platform}.address`) === undefined
  ) {
    const offered = provider.config.platforms.join(", ");
    return reject(
      `Unsupported payment platform ${JSON.stringify(platform)}. Supported platforms: ${offered}`,
      false,
    );
  }

  // MaxAgreements.
  if (!hasFreeSlot) {
    return reject(`No capacity available. Reached Agreements limit: ${provider.config.maxAgreements}`, false);
  }

  // LimitExpiration, with the debit-note acceptance deadline.
  const rawExpiration = prop(demand, EXPIRATION);
  if (rawExpiration === undefined) return reject("Missing expiration key in Proposal", true);
  if (typeof rawExpiration !== "number" || !Number.isSafeInteger(rawExpiration)) {
    return reject(
      `Invalid value of '${EXPIRATION}': ${JSON.stringify(rawExpiration)} is not a timestamp in ms`,
      true,
    );
  }
  const reqDeadline = seconds(demand, ACCEPT_TIMEOUT);
  const maxDelta = reqDeadline !== undefined ? MAX_EXPIRATION : MAX_EXPIRATION_WITHOUT_DEADLINE;
  const tooLate = rawExpiration < now + MIN_EXPIRATION * 1000;
  if (tooLate || rawExpiration > now + maxDelta * 1000) {
    const message = `Proposal expires at: ${chronoUtc(rawExpiration)} which is less than ${humanDuration(MIN_EXPIRATION)} or more than ${humanDuration(maxDelta)} from now`;
    // Too far away may be fine later; too close never is.
    return reject(message, tooLate);
  }
  const ourDeadline = seconds(offer, ACCEPT_TIMEOUT) ?? provider.config.debitNoteAcceptTimeoutSec;
  if (reqDeadline === undefined) {
    if (prop(offer, ACCEPT_TIMEOUT) !== undefined) {
      delete offer[ACCEPT_TIMEOUT];
      ready = false;
    }
  } else if (reqDeadline > ourDeadline) {
    const limit = humanDuration(provider.config.debitNoteAcceptTimeoutSec);
    return reject(`DebitNote acceptance deadline should be less than ${limit}.`, true);
  } else if (reqDeadline < ourDeadline || prop(offer, ACCEPT_TIMEOUT) === undefined) {
    if (reqDeadline < MIN_DEADLINE)
      return reject(`To low DebitNotes timeout: ${humanDuration(reqDeadline)}`, true);
    offer[ACCEPT_TIMEOUT] = reqDeadline;
    ready = false;
  }

  // DebitNoteInterval.
  const interval = seconds(demand, INTERVAL);
  if (interval !== undefined) {
    if (interval < INTERVAL_RANGE[0] || interval > INTERVAL_RANGE[1]) {
      return reject(
        `Demand DebitNote interval ${humanDuration(interval)} not in acceptable range of ${rangeText(INTERVAL_RANGE)}`,
        true,
      );
    }
    if (seconds(offer, INTERVAL) !== interval) {
      offer[INTERVAL] = interval;
      ready = false;
    }
  } else if (prop(offer, INTERVAL) !== undefined) {
    delete offer[INTERVAL];
    ready = false;
  }

  // PaymentTimeout (mid-agreement payments), skipped by providers that do not offer them.
  // Its "expiration in the past" rejection cannot happen here: LimitExpiration ran first.
  if (provider.config.paymentTimeoutSec !== null) {
    const timeout = seconds(demand, PAYMENT_TIMEOUT);
    if (timeout !== undefined) {
      if (timeout < PAYMENT_TIMEOUT_RANGE[0] || timeout > PAYMENT_TIMEOUT_RANGE[1]) {
        return reject(
          `Demand DebitNote payment timeout ${humanDuration(timeout)} not in acceptable range of ${rangeText(PAYMENT_TIMEOUT_RANGE)}`,
          true,
        );
      }
      if (seconds(offer, PAYMENT_TIMEOUT) !== timeout) {
        offer[PAYMENT_TIMEOUT] = timeout;
        ready = false;
      }
    } else if (rawExpiration - now >= PAYMENT_TIMEOUT_REQUIRED_FROM * 1000) {
      return reject(
        `Expiration time ${chronoRfc3339(rawExpiration)} exceeds the ${humanDuration(PAYMENT_TIMEOUT_REQUIRED_FROM)} threshold of enforcing mid-agreement payments but the required property '${PAYMENT_TIMEOUT}' was not present in the Demand`,
        true,
      );
    } else if (prop(offer, PAYMENT_TIMEOUT) !== undefined) {
      delete offer[PAYMENT_TIMEOUT];
      ready = false;
    }
  }

  const sorted = Object.fromEntries(Object.entries(offer).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return ready ? { kind: "ready", offer: sorted } : { kind: "negotiating", offer: sorted };
}
