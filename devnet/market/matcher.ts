import { evaluate } from "./constraint-eval.js";
import type { Constraint } from "./constraint-parser.js";
import { type MarketOffer, type OfferConstraints, offerConstraints } from "./offers.js";
import { type FlatProperties, prop } from "./properties.js";

/** A demand as the matcher sees it. */
export interface MatchableDemand {
  properties: FlatProperties;
  constraint: Constraint;
}

/** A matching offer with the constraints it had at match time. */
export interface OfferMatch {
  offer: MarketOffer;
  constraints: OfferConstraints;
}

const SUBNET = "golem.node.debug.subnet";
const RUNTIME = "golem.runtime.name";

/**
 * Values a constraint requires `name` to equal through its top-level AND chain, e.g.
 * `vm` for `(&(golem.runtime.name=vm)(...))`; undefined when it does not pin one.
 */
function pinnedValue(c: Constraint, name: string): string | undefined {
  if (c.kind === "compare") {
    const { attr, op, value } = c;
    const plain = attr.aspect === undefined && attr.type === undefined && !value.pattern && !value.list;
    return attr.name === name && op === "=" && plain ? value.raw : undefined;
  }
  if (c.kind !== "and") return undefined;
  for (const item of c.items) {
    const v = pinnedValue(item, name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Finds the offers that match a demand in both directions. Offers are indexed by
 * subnet and runtime, so a demand is only evaluated against offers that can match:
 * every offer requires the demand's subnet, and most demands pin a runtime.
 *
 * @example
 * const index = new OfferIndex(offers);
 * index.match(demand, Date.now()).map((m) => m.offer.provider.name);
 */
export class OfferIndex {
  readonly #bySubnet = new Map<string, { all: MarketOffer[]; byRuntime: Map<string, MarketOffer[]> }>();
  readonly #all: MarketOffer[];

  constructor(offers: MarketOffer[]) {
    this.#all = offers;
    for (const offer of offers) {
      // Fails at startup, not at match time, if a subnet name cannot be written in a constraint.
      offerConstraints(offer.subnet, 0);
      let bucket = this.#bySubnet.get(offer.subnet);
      if (!bucket) {
        bucket = { all: [], byRuntime: new Map() };
        this.#bySubnet.set(offer.subnet, bucket);
      }
      bucket.all.push(offer);
      const list = bucket.byRuntime.get(offer.runtime) ?? [];
      list.push(offer);
      bucket.byRuntime.set(offer.runtime, list);
    }
  }

  /** Offers the demand and its pinned subnet and runtime leave to evaluate. */
  #candidates(demand: MatchableDemand): MarketOffer[] {
    const subnet = prop(demand.properties, SUBNET);
    // A non-string subnet (a list, say) can still match through list semantics: check all.
    if (typeof subnet !== "string") return this.#all;
    const bucket = this.#bySubnet.get(subnet);
    if (!bucket) return [];
    const runtime = pinnedValue(demand.constraint, RUNTIME);
    return runtime === undefined ? bucket.all : (bucket.byRuntime.get(runtime) ?? []);
  }

  /**
   * Every offer matching the demand at `nowMs` (the offers' expiration constraint is
   * evaluated then).
   */
  match(demand: MatchableDemand, nowMs: number): OfferMatch[] {
    const constraintsBySubnet = new Map<string, OfferConstraints>();
    const out: OfferMatch[] = [];
    for (const offer of this.#candidates(demand)) {
      if (evaluate(demand.constraint, offer.properties) !== "yes") continue;
      let constraints = constraintsBySubnet.get(offer.subnet);
      if (!constraints) {
        constraints = offerConstraints(offer.subnet, nowMs);
        constraintsBySubnet.set(offer.subnet, constraints);
      }
      if (evaluate(constraints.constraint, demand.properties) === "yes") out.push({ offer, constraints });
    }
    return out;
  }
}
