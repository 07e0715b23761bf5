import assert from "node:assert/strict";
import { Counter } from "../../src/props/index.js";
import type { Offer, OfferEvaluation } from "../../src/strategy/index.js";

let nextId = 0;
/** An offer like yapapi's OfferProposalFactory: coeffs [cpu, time, fixed] over [cpu_sec, duration_sec]. */
export function offer(coeffs: unknown[], extra: Record<string, unknown> = {}, issuer = "0xprovider"): Offer {
  nextId += 1;
  return {
    id: `R-${nextId}`,
    issuer,
    props: {
      "golem.com.pricing.model": "linear",
      "golem.com.pricing.model.linear.coeffs": coeffs,
      "golem.com.usage.vector": [Counter.CPU, Counter.TIME],
      "golem.com.scheme": "payu",
      ...extra,
    },
  };
}

/** A built-in strategy's evaluation, which must be synchronous. */
export function evaluate(
  strategy: { evaluateOffer(o: Offer): OfferEvaluation | Promise<OfferEvaluation> },
  o: Offer,
): OfferEvaluation {
  const e = strategy.evaluateOffer(o);
  assert.ok(!(e instanceof Promise));
  return e as OfferEvaluation;
}
