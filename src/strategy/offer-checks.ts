import type { JsonValue } from "../json.js";
import type { Props } from "../props/fields.js";
import { NodeInfo } from "../props/node-info.js";
import {
  CHOSEN_PLATFORM,
  DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP,
  DEBIT_NOTE_MIN_TIMEOUT_MS,
  DEFAULT_PAYMENT_PLATFORM,
  PAYMENT_PLATFORM_PREFIX,
} from "../props/payment.js";
import { type OfferRejection, offerRejection } from "./rejection.js";

/** The outcome of a negotiation check: a value, or the rejection of the offer. */
export type CheckResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rejection: OfferRejection };

/**
 * The payment platforms an offer names (the 5th dot-separated part of its
 * `golem.com.payment.platform.<platform>.<...>` keys), in key order, without repeats; an offer
 * that names none is taken to use `NGNT`, as yapapi does.
 *
 * @example
 * paymentPlatformsOf({ "golem.com.payment.platform.erc20-holesky-tglm.address": "0x1" }); // ["erc20-holesky-tglm"]
 */
export function paymentPlatformsOf(props: Props): string[] {
  const found = new Set<string>();
  for (const key of Object.keys(props)) {
    if (!key.startsWith(PAYMENT_PLATFORM_PREFIX)) continue;
    const platform = key.split(".")[4];
    if (platform) found.add(platform);
  }
  return found.size > 0 ? [...found] : [DEFAULT_PAYMENT_PLATFORM];
}

/**
 * The platform to pay a provider on: the first of our allocations' platforms (in their order)
 * that the offer also names. yapapi took an arbitrary element of the intersection; taking
 * ours in order makes the choice repeatable. No platform in common is a `payment-platform`
 * rejection ("No common payment platform").
 *
 * @example
 * const choice = choosePaymentPlatform(offer.props, ["erc20-holesky-tglm"]);
 * if (choice.ok) props[CHOSEN_PLATFORM] = choice.value;
 */
export function choosePaymentPlatform(
  props: Props,
  allocationPlatforms: Iterable<string>,
): CheckResult<string> {
  const offered = paymentPlatformsOf(props);
  const ours = [...allocationPlatforms];
  const chosen = ours.find((p) => offered.includes(p));
  if (chosen !== undefined) return { ok: true, value: chosen };
  return {
    ok: false,
    rejection: offerRejection(
      "payment-platform",
      `no payment platform in common: the offer has ${offered.join(", ")}, our allocations have ${ours.join(", ") || "none"}`,
      { subject: PAYMENT_PLATFORM_PREFIX, value: offered.join(","), limit: ours.join(",") },
    ),
  };
}

/**
 * Checks the provider's debit-note acceptance timeout (`golem.com.payment.debit-notes.accept-timeout?`,
 * seconds): below 30 s is a `debit-note-timeout` rejection; 30 s or more is echoed back (the
 * value to put under the same key in our counter-proposal); absent or zero asks nothing
 * (`null`), as in yapapi. A value that is not a number is an `invalid-properties` rejection.
 *
 * @example
 * checkDebitNoteTimeout({ "golem.com.payment.debit-notes.accept-timeout?": 240 }); // { ok: true, value: 240 }
 */
export function checkDebitNoteTimeout(props: Props): CheckResult<number | null> {
  const raw = props[DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP];
  if (raw === undefined || raw === null || raw === 0) return { ok: true, value: null };
  if (typeof raw !== "number" || !Number.isFinite(raw)) {
    return {
      ok: false,
      rejection: offerRejection(
        "invalid-properties",
        `${DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP}: expected seconds, got ${JSON.stringify(raw)}`,
        {
          subject: DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP,
          value: String(raw),
        },
      ),
    };
  }
  const min = DEBIT_NOTE_MIN_TIMEOUT_MS / 1000;
  if (raw < min) {
    return {
      ok: false,
      rejection: offerRejection(
        "debit-note-timeout",
        `debit-note acceptance timeout ${raw} s is shorter than ${min} s`,
        {
          subject: DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP,
          value: String(raw),
          limit: String(min),
        },
      ),
    };
  }
  return { ok: true, value: raw };
}

/**
 * Checks that an offer is from our subnet (`golem.node.debug.subnet`); with no subnet asked
 * for, any offer passes. The market's matching already filters by subnet, so a mismatch
 * means a misbehaving provider or market.
 *
 * @example
 * checkSubnet(offer.props, "public").ok;
 */
export function checkSubnet(props: Props, subnetTag: string | null | undefined): CheckResult<string | null> {
  if (subnetTag === null || subnetTag === undefined) return { ok: true, value: null };
  const key = NodeInfo.keys().subnetTag;
  const theirs = props[key];
  if (theirs === subnetTag) return { ok: true, value: subnetTag };
  return {
    ok: false,
    rejection: offerRejection(
      "subnet",
      `the offer is from subnet ${JSON.stringify(theirs ?? null)}, not '${subnetTag}'`,
      {
        subject: key,
        value: theirs === undefined ? null : String(theirs),
        limit: subnetTag,
      },
    ),
  };
}

/** What the requestor must know to negotiate with a provider (see `counterProposalTerms`). */
export interface NegotiationContext {
  /** The payment platforms of our allocations, in preference order. */
  readonly allocationPlatforms: Iterable<string>;
  /** Our subnet, if any. */
  readonly subnetTag?: string | null;
}

/**
 * Runs the requestor's checks on an initial offer, in order (subnet, payment platform,
 * debit-note timeout), and returns the properties to add to the demand in the
 * counter-proposal to this provider only: the chosen platform and, when the provider asked
 * for one, the echoed debit-note acceptance timeout. yapapi wrote these into its one shared
 * demand, so they leaked into later counter-proposals; these are per offer.
 *
 * @example
 * const terms = counterProposalTerms(offer.props, { allocationPlatforms: ["erc20-holesky-tglm"], subnetTag: "public" });
 * if (!terms.ok) await offer.reject(terms.rejection.reason);
 * else await offer.respond(builder.toDemand(terms.value).properties, builder.constraints);
 */
export function counterProposalTerms(
  props: Props,
  context: NegotiationContext,
): CheckResult<Record<string, JsonValue>> {
  const subnet = checkSubnet(props, context.subnetTag);
  if (!subnet.ok) return subnet;
  const platform = choosePaymentPlatform(props, context.allocationPlatforms);
  if (!platform.ok) return platform;
  const timeout = checkDebitNoteTimeout(props);
  if (!timeout.ok) return timeout;
  const extra: Record<string, JsonValue> = { [CHOSEN_PLATFORM]: platform.value };
  if (timeout.value !== null) extra[DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP] = timeout.value;
  return { ok: true, value: extra };
}
