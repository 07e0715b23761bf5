import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DemandBuilder } from "../../src/demand-builder.js";
import { InvalidPropertiesError } from "../../src/errors.js";
import { Counter } from "../../src/props/index.js";
import {
  assessOffer,
  type ComputationHistory,
  DecreaseScoreForUnconfirmedAgreement,
  DummyMS,
  defaultMarketStrategy,
  LeastExpensiveLinearPayuMS,
  type MarketStrategy,
  SCORE_NEUTRAL,
  SCORE_REJECTED,
} from "../../src/strategy/index.js";
import { evaluate, offer } from "./helpers.js";

describe("DummyMS", () => {
  const dummy = new DummyMS();

  test("neutral within the default caps (inclusive), rejected above", () => {
    assert.equal(dummy.scoreOffer(offer([0.02, 0.002, 0.05])), SCORE_NEUTRAL);
    assert.equal(dummy.scoreOffer(offer([0, 0, 0])), SCORE_NEUTRAL);
    const fixed = evaluate(dummy, offer([0.02, 0.002, 0.0500001]));
    assert.equal(fixed.score, SCORE_REJECTED);
    assert.equal(fixed.rejection?.subject, "fixed price");
    assert.equal(evaluate(dummy, offer([0.0200001, 0.002, 0])).rejection?.subject, Counter.CPU);
    assert.equal(evaluate(dummy, offer([0.02, 0.0020001, 0])).rejection?.subject, Counter.TIME);
  });

  test("a priced counter without a cap is rejected, as is a non-payu scheme", () => {
    const o = offer([0.001, 0.001, 0], { "golem.com.usage.vector": [Counter.CPU, Counter.MAXMEM] });
    assert.equal(evaluate(dummy, o).rejection?.kind, "unsupported-counter");
    assert.equal(evaluate(dummy, offer([0, 0, 0], { "golem.com.scheme": "other" })).score, SCORE_REJECTED);
    assert.equal(dummy.scoreOffer(offer([0, 0])), SCORE_REJECTED);
  });

  test("custom caps", () => {
    const rich = new DummyMS({
      maxFixedPrice: 10,
      maxPricePerCounter: { [Counter.CPU]: 1, [Counter.TIME]: 1, [Counter.MAXMEM]: 1 },
    });
    const o = offer([0.5, 0.5, 5], { "golem.com.usage.vector": [Counter.CPU, Counter.MAXMEM] });
    assert.equal(rich.scoreOffer(o), SCORE_NEUTRAL);
    const b = new DemandBuilder();
    rich.decorateDemand(b);
    assert.equal(b.constraints, "(golem.com.pricing.model=linear)");
  });
});

describe("DecreaseScoreForUnconfirmedAgreement", () => {
  const rejectedBy = (...ids: string[]): ComputationHistory => ({
    rejectedLastAgreement: (id) => ids.includes(id),
  });

  test("halves positive scores of providers that did not approve their last agreement, only theirs", async () => {
    const s = new DecreaseScoreForUnconfirmedAgreement(new LeastExpensiveLinearPayuMS(), 0.5);
    const o = offer([0.001, 0.002, 0.0], {}, "0xslow");
    assert.equal(await s.scoreOffer(o, rejectedBy("0xslow")), 84.03361344537815 * 0.5);
    assert.equal(await s.scoreOffer(o, rejectedBy("0xother")), 84.03361344537815);
    assert.equal(await s.scoreOffer(o), 84.03361344537815);
  });

  test("zero and negative scores are left alone; the base strategy gets no history", async () => {
    const seen: (ComputationHistory | undefined)[] = [];
    const fixed = (score: number): MarketStrategy => ({
      decorateDemand: () => undefined,
      scoreOffer: (_o, history) => {
        seen.push(history);
        return score;
      },
    });
    const history = rejectedBy("0xprovider");
    assert.equal(
      await new DecreaseScoreForUnconfirmedAgreement(fixed(0)).scoreOffer(offer([0, 0, 0]), history),
      0,
    );
    const neg = await new DecreaseScoreForUnconfirmedAgreement(fixed(-1)).evaluateOffer(
      offer([0, 0, 0]),
      history,
    );
    assert.equal(neg.score, -1);
    assert.equal(neg.rejection?.kind, "score-too-low");
    assert.deepEqual(seen, [undefined, undefined]);
  });

  test("works over an async base strategy and delegates the demand decoration", async () => {
    const base: MarketStrategy = {
      decorateDemand: async (d) => void d.ensure("(x=1)"),
      scoreOffer: async () => 10,
    };
    const s = new DecreaseScoreForUnconfirmedAgreement(base, 0.25);
    assert.equal(await s.scoreOffer(offer([0, 0, 0]), rejectedBy("0xprovider")), 2.5);
    const b = new DemandBuilder();
    await s.decorateDemand(b);
    assert.equal(b.constraints, "(x=1)");
  });

  test("the default strategy is yapapi 0.5.1's", () => {
    const s = defaultMarketStrategy();
    assert.ok(s instanceof DecreaseScoreForUnconfirmedAgreement);
    assert.equal(s.factor, 0.5);
    const base = s.baseStrategy;
    assert.ok(base instanceof LeastExpensiveLinearPayuMS);
    assert.equal(base.expectedTimeSecs, 60);
    assert.equal(base.maxFixedPrice.toFixed(), "1");
    assert.equal(base.maxPricePerCounter.get(Counter.CPU)?.toFixed(), "0.2");
    assert.equal(base.maxPricePerCounter.get(Counter.TIME)?.toFixed(), "0.1");
    assert.notEqual(defaultMarketStrategy(), s, "a new instance each time");
  });
});

describe("assessOffer", () => {
  test("a user strategy's negative score becomes a score-too-low rejection", async () => {
    const s: MarketStrategy = { decorateDemand: () => undefined, scoreOffer: () => -5 };
    const e = assessOffer(s, offer([0, 0, 0]));
    assert.ok(!(e instanceof Promise), "synchronous for a synchronous strategy");
    assert.equal(e.score, -5);
    assert.equal(e.rejection?.kind, "score-too-low");
    assert.equal(e.rejection?.reason, "Score too low");
    assert.ok(Object.isFrozen(e));
  });

  test("async scores, NaN scores, invalid properties and other errors", async () => {
    const ok = await assessOffer(
      { decorateDemand: () => undefined, scoreOffer: async () => 3 },
      offer([0, 0, 0]),
    );
    assert.deepEqual({ ...ok }, { score: 3, rejection: null });
    const nan = await assessOffer(
      { decorateDemand: () => undefined, scoreOffer: () => Number.NaN },
      offer([0, 0, 0]),
    );
    assert.equal(nan.score, SCORE_REJECTED);
    const invalid = await assessOffer(new LeastExpensiveLinearPayuMS(), offer([0, 0]));
    assert.equal(invalid.rejection?.kind, "invalid-properties");
    assert.equal(invalid.rejection?.subject, "golem.com.pricing.model.linear.coeffs");
    assert.match(
      invalid.rejection?.reason ?? "",
      /^Invalid properties: golem.com.pricing.model.linear.coeffs: expected 3/,
    );
    const asyncInvalid = await assessOffer(
      {
        decorateDemand: () => undefined,
        scoreOffer: async () => {
          throw new InvalidPropertiesError("bad", "k");
        },
      },
      offer([0, 0, 0]),
    );
    assert.equal(asyncInvalid.rejection?.subject, "k");
    const boom: MarketStrategy = {
      decorateDemand: () => undefined,
      scoreOffer: () => {
        throw new RangeError("boom");
      },
    };
    assert.throws(() => assessOffer(boom, offer([0, 0, 0])), RangeError);
  });

  test("keeps 'rejected' consistent: a rejection always comes with a score below neutral", async () => {
    const odd: MarketStrategy = {
      decorateDemand: () => undefined,
      scoreOffer: () => 1,
      evaluateOffer: () => ({ score: 5, rejection: new DummyMS().evaluateOffer(offer([9, 9, 9])).rejection }),
    };
    const e = await assessOffer(odd, offer([0, 0, 0]));
    assert.equal(e.score, SCORE_REJECTED);
    const silent: MarketStrategy = {
      decorateDemand: () => undefined,
      scoreOffer: () => 1,
      evaluateOffer: () => ({ score: -2, rejection: null }),
    };
    assert.equal((await assessOffer(silent, offer([0, 0, 0]))).rejection?.kind, "score-too-low");
  });
});
