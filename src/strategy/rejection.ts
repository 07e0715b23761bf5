/**
 * Why an offer was turned down, by category, so that a summary can count rejections per
 * cause (yapapi only ever logged a free-text reason per proposal):
 * - `invalid-properties`: the offer's properties could not be read (missing or malformed);
 * - `unsupported-scheme`, `unsupported-counter`: billing scheme or usage counter not handled;
 * - `negative-price`, `price-cap`: a price below zero or above the strategy's cap;
 * - `score-too-low`: a strategy scored the offer below `SCORE_NEUTRAL` without saying why;
 * - `payment-platform`: no payment platform in common with the requestor's allocations;
 * - `debit-note-timeout`: the provider wants debit notes accepted faster than we promise;
 * - `subnet`: the offer is from another subnet.
 */
export type RejectionKind =
  | "invalid-properties"
  | "unsupported-scheme"
  | "unsupported-counter"
  | "negative-price"
  | "price-cap"
  | "score-too-low"
  | "payment-platform"
  | "debit-note-timeout"
  | "subnet";

/** Every rejection kind, in the order a summary lists them. */
export const REJECTION_KINDS: readonly RejectionKind[] = Object.freeze([
  "price-cap",
  "negative-price",
  "unsupported-scheme",
  "unsupported-counter",
  "invalid-properties",
  "score-too-low",
  "payment-platform",
  "debit-note-timeout",
  "subnet",
]);

/** yapapi's reason for offers a strategy scored below neutral. */
export const SCORE_TOO_LOW = "Score too low";
/** yapapi's reason for offers without a payment platform in common (0.5.3+ spelling). */
export const NO_COMMON_PAYMENT_PLATFORM = "No common payment platform";
/** yapapi's reason for offers whose debit-note acceptance timeout is below the minimum. */
export const DEBIT_NOTE_TIMEOUT_TOO_SHORT = "Debit note acceptance timeout too short";
/** Our reason for offers from another subnet (yapapi left this to the market's matching). */
export const SUBNET_MISMATCH = "Subnet mismatch";

/** A structured, JSON-serialisable rejection of one offer. */
export interface OfferRejection {
  readonly kind: RejectionKind;
  /** What the provider is told (the reject body's message) and what `ProposalRejected.reason` says. */
  readonly reason: string;
  /** A human explanation with the facts, for logs. */
  readonly message: string;
  /** What was at fault: a usage counter, `fixed price`, or a property key. */
  readonly subject: string | null;
  /** The offending value, as text. */
  readonly value: string | null;
  /** The limit it broke, as text. */
  readonly limit: string | null;
}

function defaultReason(kind: RejectionKind, message: string): string {
  switch (kind) {
    case "payment-platform":
      return NO_COMMON_PAYMENT_PLATFORM;
    case "debit-note-timeout":
      return DEBIT_NOTE_TIMEOUT_TOO_SHORT;
    case "subnet":
      return SUBNET_MISMATCH;
    case "invalid-properties":
      // yapapi 0.5.0-0.5.2 rejected such offers with the error's own text.
      return message;
    default:
      return SCORE_TOO_LOW;
  }
}

/**
 * Builds a frozen `OfferRejection`. The provider-facing `reason` defaults to yapapi's text
 * for the kind (`Score too low` for every pricing and scoring kind).
 *
 * @example
 * const r = offerRejection("price-cap", "price for golem.usage.cpu_sec 0.3 is above the cap 0.2",
 *   { subject: "golem.usage.cpu_sec", value: "0.3", limit: "0.2" });
 * r.reason; // "Score too low"
 */
export function offerRejection(
  kind: RejectionKind,
  message: string,
  details: { subject?: string | null; value?: string | null; limit?: string | null; reason?: string } = {},
): OfferRejection {
  return Object.freeze({
    kind,
    reason: details.reason ?? defaultReason(kind, message),
    message,
    subject: details.subject ?? null,
    value: details.value ?? null,
    limit: details.limit ?? null,
  });
}
