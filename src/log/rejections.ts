import type { ProposalRejected } from "../events/market-events.js";
import { type OfferRejection, REJECTION_KINDS, type RejectionKind } from "../strategy/rejection.js";
import { pluralize } from "./text.js";

/** A rejection's cause: its kind, or `other` for a rejection with only a free-text reason. */
export type RejectionCause = RejectionKind | "other";

/** How each cause reads in the summary. */
export const REJECTION_LABELS: Readonly<Record<RejectionCause, string>> = Object.freeze({
  "price-cap": "price above the strategy's cap",
  "negative-price": "negative price",
  "unsupported-scheme": "unsupported billing scheme",
  "unsupported-counter": "unsupported usage counter",
  "invalid-properties": "invalid properties",
  "score-too-low": "score too low",
  "payment-platform": "no common payment platform",
  "debit-note-timeout": "debit-note acceptance timeout too short",
  subnet: "offer from another subnet",
  other: "other reasons",
});

/** What set this rejection apart from others of its kind (the counter, the platforms...). */
function detailOf(r: OfferRejection): string | null {
  switch (r.kind) {
    case "price-cap":
      return r.limit === null ? r.subject : `${r.subject ?? "price"} > ${r.limit}`;
    case "debit-note-timeout":
      return r.value === null ? null : `${r.value} s < ${r.limit ?? "?"} s`;
    case "subnet":
      return r.value === null ? "no subnet" : `'${r.value}'`;
    case "payment-platform":
    case "unsupported-scheme":
      return r.value;
    case "invalid-properties":
      return r.subject ?? r.message;
    case "score-too-low":
      return null;
    default:
      return r.subject;
  }
}

/** One line of the breakdown: a cause, how many offers and providers, and their details. */
export interface RejectionCount {
  readonly cause: RejectionCause;
  readonly offers: number;
  readonly providers: number;
  /** Distinct details with their counts, most frequent first. */
  readonly details: readonly (readonly [string, number])[];
}

interface Bucket {
  offers: number;
  providers: Set<string>;
  details: Map<string, number>;
}

const MAX_DETAILS = 5;

/**
 * Counts rejected offers by cause (`ProposalRejected.rejection.kind`, or `other` with the
 * free-text reason), with the providers they came from, for the summary's "why no
 * provider" breakdown.
 *
 * @example
 * const tally = new RejectionTally();
 * tally.add(rejectedEvent, "0xprovider");
 * tally.lines(); // ["Rejected 1 offer from 1 provider:", "  price above the strategy's cap: 1 offer from 1 provider (golem.usage.cpu_sec > 0.2: 1)"]
 */
export class RejectionTally {
  readonly #buckets = new Map<RejectionCause, Bucket>();
  readonly #providers = new Set<string>();
  #offers = 0;

  /** Offers rejected so far. */
  get offers(): number {
    return this.#offers;
  }

  /** Counts one rejection; `providerId` is null when the offer's issuer is not known. */
  add(event: ProposalRejected, providerId: string | null): void {
    const cause: RejectionCause = event.rejection?.kind ?? "other";
    const detail = event.rejection ? detailOf(event.rejection) : (event.reason ?? "no reason given");
    let bucket = this.#buckets.get(cause);
    if (!bucket) {
      bucket = { offers: 0, providers: new Set(), details: new Map() };
      this.#buckets.set(cause, bucket);
    }
    bucket.offers += 1;
    this.#offers += 1;
    if (providerId !== null) {
      bucket.providers.add(providerId);
      this.#providers.add(providerId);
    }
    if (detail !== null) bucket.details.set(detail, (bucket.details.get(detail) ?? 0) + 1);
  }

  /**
   * The counts per cause, in `REJECTION_KINDS` order, then `other`.
   *
   * @example
   * tally.counts()[0]?.cause; // "price-cap"
   */
  counts(): RejectionCount[] {
    const order: RejectionCause[] = [...REJECTION_KINDS, "other"];
    return order.flatMap((cause) => {
      const b = this.#buckets.get(cause);
      if (!b) return [];
      const details = [...b.details].sort(([a, m], [c, n]) => n - m || (a < c ? -1 : a > c ? 1 : 0));
      return [{ cause, offers: b.offers, providers: b.providers.size, details }];
    });
  }

  /**
   * The breakdown as log lines: a header, then one line per cause with up to five
   * details (`detail: count`). Empty when nothing was rejected.
   *
   * @example
   * for (const line of tally.lines()) logger.warn(line);
   */
  lines(): string[] {
    if (this.#offers === 0) return [];
    const header = `Rejected ${pluralize(this.#offers, "offer")} from ${pluralize(this.#providers.size, "provider")}:`;
    return [
      header,
      ...this.counts().map(({ cause, offers, providers, details }) => {
        const shown = details.slice(0, MAX_DETAILS).map(([d, n]) => `${d}: ${n}`);
        if (details.length > MAX_DETAILS) shown.push("...");
        const more = shown.length > 0 ? ` (${shown.join(", ")})` : "";
        return `  ${REJECTION_LABELS[cause]}: ${pluralize(offers, "offer")} from ${pluralize(providers, "provider")}${more}`;
      }),
    ];
  }
}
