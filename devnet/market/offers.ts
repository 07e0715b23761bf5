import type { ProviderNode } from "../context.js";
import { type Constraint, parseConstraint } from "./constraint-parser.js";
import type { FlatProperties } from "./properties.js";

/** Usage counters every simulated provider reports, in `golem.com.usage.vector` order. */
export const USAGE_VECTOR = ["golem.usage.cpu_sec", "golem.usage.duration_sec"];

/** An offer a simulated provider published. */
export interface MarketOffer {
  offerId: string;
  provider: ProviderNode;
  /** Flat and sorted; shared (never mutated) by every proposal made of this offer. */
  properties: FlatProperties;
  subnet: string;
  runtime: string;
  /** Publication time, ms. */
  timestamp: number;
}

/**
 * The offer a ya-provider with this configuration publishes (yagna-protocol.md 5.2).
 * `variant` k > 0 is the provider's k-th extra offer (`offers` > 1): its prices are
 * (1 + k/100) times the configured ones, so that each offer is distinct.
 *
 * @example
 * const offer = buildOffer(ctx.providers[0]!, ctx.ids.subscription(), Date.now());
 * offer.properties["golem.com.pricing.model"]; // "linear"
 */
export function buildOffer(provider: ProviderNode, offerId: string, now: number, variant = 0): MarketOffer {
  const c = provider.config;
  const scale = 1 + variant / 100;
  const props: FlatProperties = {
    "golem.activity.caps.transfer.protocol": ["gftp", "http", "https"],
    "golem.activity.caps.transfer.report-progress": true,
    "golem.com.payment.debit-notes.accept-timeout?": c.debitNoteAcceptTimeoutSec,
    "golem.com.payment.protocol.version": 3,
    "golem.com.pricing.model": "linear",
    "golem.com.pricing.model.linear.coeffs": [
      c.prices.cpuSec * scale,
      c.prices.durationSec * scale,
      c.prices.start * scale,
    ],
    "golem.com.scheme": "payu",
    "golem.com.scheme.payu.debit-note.interval-sec?": c.debitNoteIntervalSec,
    "golem.com.usage.vector": USAGE_VECTOR,
    "golem.inf.cpu.architecture": "x86_64",
    "golem.inf.cpu.cores": c.cpuCores,
    "golem.inf.cpu.threads": c.cpuThreads,
    "golem.inf.mem.gib": c.memGib,
    "golem.inf.storage.gib": c.storageGib,
    "golem.node.debug.subnet": c.subnet,
    "golem.node.id.name": c.name,
    "golem.node.net.is-public": true,
    "golem.runtime.capabilities": ["inet", "manifest-support", "start-entrypoint"],
    "golem.runtime.name": c.runtime,
    "golem.runtime.version": "0.3.0",
    "golem.srv.caps.multi-activity": c.multiActivity,
    "golem.srv.caps.payload-manifest": true,
  };
  for (const platform of c.platforms) props[`golem.com.payment.platform.${platform}.address`] = provider.id;
  if (c.paymentTimeoutSec !== null) props["golem.com.scheme.payu.payment-timeout-sec?"] = c.paymentTimeoutSec;
  const sorted = Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { offerId, provider, properties: sorted, subnet: c.subnet, runtime: c.runtime, timestamp: now };
}

/** An offer's constraints as text and parsed, for one instant. */
export interface OfferConstraints {
  text: string;
  constraint: Constraint;
}

/**
 * The provider's constraints (PROVIDER `build_constraints`): the demand must expire
 * after `nowMs` and be in the same subnet.
 *
 * @example
 * offerConstraints("public", 1691165349182).text;
 * // "(&\n  (golem.srv.comp.expiration>1691165349182)\n  (golem.node.debug.subnet=public)\n)"
 */
export function offerConstraints(subnet: string, nowMs: number): OfferConstraints {
  const text = `(&\n  (golem.srv.comp.expiration>${nowMs})\n  (golem.node.debug.subnet=${subnet})\n)`;
  return { text, constraint: parseConstraint(text) };
}
