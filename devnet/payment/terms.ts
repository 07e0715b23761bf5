import type { AgreementView } from "../context.js";
import type { Parties } from "./documents.js";
import { DEFAULT_TESTNET } from "./platform.js";

/** Seconds between debit notes when the agreement does not say (ya-provider's default). */
export const DEFAULT_DEBIT_NOTE_INTERVAL_SEC = 120;
/** An invoice without an agreed payment timeout is due a day later. */
export const DEFAULT_INVOICE_DUE_SEC = 24 * 3600;

export const INTERVAL_KEY = "golem.com.scheme.payu.debit-note.interval-sec?";
export const ACCEPT_TIMEOUT_KEY = "golem.com.payment.debit-notes.accept-timeout?";
export const PAYMENT_TIMEOUT_KEY = "golem.com.scheme.payu.payment-timeout-sec?";
const COEFFS_KEY = "golem.com.pricing.model.linear.coeffs";
const CHOSEN_PLATFORM_KEY = "golem.com.payment.chosen-platform";

/** What a provider bills by, read from an agreement's demand and (agreed) offer. */
export interface BillingTerms {
  intervalSec: number;
  /** Set when the agreement carries a debit-note acceptance deadline. */
  acceptTimeoutSec?: number;
  /** Set when mid-agreement payments were agreed: notes become payable. */
  paymentTimeoutSec?: number;
  coeffs: number[];
  parties: Parties;
}

function positive(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

function platformOf(a: AgreementView): string {
  const chosen = a.demandProperties[CHOSEN_PLATFORM_KEY];
  if (typeof chosen === "string" && chosen !== "") return chosen;
  const offered = Object.keys(a.offerProperties)
    .map((k) => /^golem\.com\.payment\.platform\.(.+)\.address$/.exec(k)?.[1])
    .filter((p): p is string => p !== undefined);
  const common = offered.find((p) => `golem.com.payment.platform.${p}.address` in a.demandProperties);
  return common ?? offered[0] ?? DEFAULT_TESTNET.name;
}

/**
 * The terms of an agreement as its provider applies them. The offer of an agreement is
 * the provider's last counter-proposal, which carries the negotiated values (the
 * provider drops a key the demand lacks), so the offer's keys are what was agreed.
 *
 * @example
 * const terms = billingTerms(ctx.market.agreement(id)!);
 * terms.intervalSec; // 120 unless agreed otherwise
 */
export function billingTerms(a: AgreementView): BillingTerms {
  const offer = a.offerProperties;
  const platform = platformOf(a);
  const payer = a.demandProperties[`golem.com.payment.platform.${platform}.address`];
  const payee = offer[`golem.com.payment.platform.${platform}.address`];
  const parties: Parties = {
    issuerId: a.provider.id,
    recipientId: a.requestorId,
    payeeAddr: typeof payee === "string" ? payee : a.provider.id,
    payerAddr: typeof payer === "string" ? payer : a.requestorId,
    paymentPlatform: platform,
    agreementId: a.agreementId,
  };
  if (a.appSessionId !== undefined) parties.appSessionId = a.appSessionId;
  const rawCoeffs = offer[COEFFS_KEY];
  const coeffs = Array.isArray(rawCoeffs)
    ? rawCoeffs.map((c) => (typeof c === "number" ? c : Number(c)))
    : [];
  const terms: BillingTerms = {
    intervalSec: positive(offer[INTERVAL_KEY]) ?? DEFAULT_DEBIT_NOTE_INTERVAL_SEC,
    coeffs: coeffs.map((c) => (Number.isFinite(c) ? c : 0)),
    parties,
  };
  const acceptTimeout = positive(offer[ACCEPT_TIMEOUT_KEY]);
  if (acceptTimeout !== undefined) terms.acceptTimeoutSec = acceptTimeout;
  const paymentTimeout = positive(offer[PAYMENT_TIMEOUT_KEY]);
  if (paymentTimeout !== undefined) terms.paymentTimeoutSec = paymentTimeout;
  return terms;
}

/**
 * A duration as ya-provider prints it in termination reasons (humantime style).
 *
 * @example
 * formatDuration(90); // "1m 30s"
 */
export function formatDuration(sec: number): string {
  let rest = Math.round(sec * 1000);
  const units: [string, number][] = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${name}`);
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(" ") : "0s";
}
