import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { DemandBuilder } from "../../src/demand-builder.js";
import { InvalidPropertiesError } from "../../src/errors.js";
import { Counter } from "../../src/props/index.js";
import {
  LeastExpensiveLinearPayuMS,
  SCORE_NEUTRAL,
  SCORE_REJECTED,
  SCORE_TRUSTED,
} from "../../src/strategy/index.js";
import { evaluate, offer } from "./helpers.js";

test("score constants are yapapi's", () => {
  assert.deepEqual([SCORE_NEUTRAL, SCORE_REJECTED, SCORE_TRUSTED], [0, -1, 100]);
});

describe("LeastExpensiveLinearPayuMS", () => {
  const strategy = new LeastExpensiveLinearPayuMS();

  test("scores equal yapapi's to the last bit (t = 60)", () => {
    assert.equal(strategy.scoreOffer(offer([0.001, 0.002, 0.0])), 84.03361344537815);
    assert.equal(strategy.scoreOffer(offer([0.001, 0.002, 0.1])), 77.51937984496124);
    assert.equal(strategy.scoreOffer(offer([0, 0, 0])), 99.00990099009901);
    assert.equal(strategy.scoreOffer(offer([0.1, 0.3, 1.0])), 3.8446751249519413);
    assert.equal(evaluate(strategy, offer([0.001, 0.002, 0.0])).rejection, null);
  });

  test("the order of scores is the reverse order of expected costs over yapapi's 343-offer grid", () => {
    const prices = [0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0];
    const round = (x: number) => Math.round(x * 1e11) / 1e11;
    for (const t of [0.1, 1, 60]) {
      const s = new LeastExpensiveLinearPayuMS({ expectedTimeSecs: t });
      const rows: { key: string; cost: number; score: number }[] = [];
      for (const cpu of prices)
        for (const time of prices)
          for (const fixed of prices) {
            const score = s.scoreOffer(offer([cpu, time, fixed]));
            assert.ok(score > 0 && score < 100, `score ${score} out of (0, 100)`);
            rows.push({
              key: `${cpu},${time},${fixed}`,
              cost: round(cpu * t + time * t + fixed),
              score: round(score),
            });
          }
      const tie = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
      const byCost = [...rows].sort((a, b) => a.cost - b.cost || tie(a, b)).map((r) => r.key);
      const byScore = [...rows].sort((a, b) => b.score - a.score || tie(a, b)).map((r) => r.key);
      assert.deepEqual(byScore, byCost, `t=${t}`);
    }
  });

  test("identical offers score the same", () => {
    assert.equal(
      strategy.scoreOffer(offer([0.001, 0.002, 0.1])),
      strategy.scoreOffer(offer([0.001, 0.002, 0.1])),
    );
  });

  test("a usage vector with a counter other than time and CPU is rejected", () => {
    const o = offer([0.001, 0.002, 0.1], { "golem.com.usage.vector": [Counter.MAXMEM, Counter.TIME] });
    const e = evaluate(strategy, o);
    assert.equal(e.score, SCORE_REJECTED);
    assert.equal(e.rejection?.kind, "unsupported-counter");
    assert.equal(e.rejection?.subject, Counter.MAXMEM);
    assert.equal(e.rejection?.reason, "Score too low");
  });

  test("a negative coefficient in any position is rejected", () => {
    for (const coeffs of [
      [-0.001, 0.002, 0.1],
      [0.001, -0.002, 0.1],
      [0.001, 0.002, -0.1],
    ]) {
      const e = evaluate(strategy, offer(coeffs));
      assert.equal(e.score, SCORE_REJECTED);
      assert.equal(e.rejection?.kind, "negative-price");
    }
    assert.ok(strategy.scoreOffer(offer([-0, 0, -0])) > 0, "negative zero is not negative");
  });

  test("price caps reject iff some capped price is strictly above its cap (yapapi 0.5.5's grid)", () => {
    const eps = new Decimal("1e-7");
    const prices = [0, 0.01, 1.0, 100.0];
    const capsFor = (p: number) => [
      null,
      new Decimal(p).minus(eps),
      new Decimal(p),
      new Decimal(p).plus(eps),
    ];
    let rejections = 0;
    for (const cpu of prices)
      for (const time of prices)
        for (const fixed of prices)
          for (const cpuCap of capsFor(cpu))
            for (const timeCap of capsFor(time))
              for (const fixedCap of capsFor(fixed))
                for (const withStorage of [false, true]) {
                  const s = new LeastExpensiveLinearPayuMS({
                    maxFixedPrice: fixedCap,
                    maxPricePerCounter: {
                      [Counter.CPU]: cpuCap,
                      [Counter.TIME]: timeCap,
                      ...(withStorage ? { [Counter.STORAGE]: 0 } : {}),
                    },
                  });
                  const over =
                    (cpuCap !== null && new Decimal(cpu).gt(cpuCap)) ||
                    (timeCap !== null && new Decimal(time).gt(timeCap)) ||
                    (fixedCap !== null && new Decimal(fixed).gt(fixedCap));
                  const e = evaluate(s, offer([cpu, time, fixed]));
                  assert.equal(
                    e.score === SCORE_REJECTED,
                    over,
                    `${cpu},${time},${fixed} caps ${cpuCap},${timeCap},${fixedCap}`,
                  );
                  if (over) {
                    rejections += 1;
                    assert.equal(e.rejection?.kind, "price-cap");
                  }
                }
    assert.ok(rejections > 0);
  });

  test("a cap names what broke it", () => {
    const s = new LeastExpensiveLinearPayuMS({
      maxFixedPrice: "1.0",
      maxPricePerCounter: { [Counter.CPU]: "0.2" },
    });
    const fixed = evaluate(s, offer([0.1, 0.1, 2])).rejection;
    assert.deepEqual(
      { ...fixed },
      {
        kind: "price-cap",
        reason: "Score too low",
        message: "fixed price 2 is higher than the price cap 1",
        subject: "fixed price",
        value: "2",
        limit: "1",
      },
    );
    const cpu = evaluate(s, offer([0.3, 0.1, 0])).rejection;
    assert.equal(cpu?.subject, Counter.CPU);
    assert.equal(cpu?.message, "price for 'golem.usage.cpu_sec' 0.3 is higher than the price cap 0.2");
    assert.equal(
      s.scoreOffer(offer([0.2, 1000, 1.0])) > 0,
      true,
      "equal to the cap passes; uncapped time passes",
    );
  });

  test("an offer without a time or CPU price is rejected, not a crash (yapapi: KeyError)", () => {
    const e = evaluate(strategy, offer([0.01, 0.5], { "golem.com.usage.vector": [Counter.CPU] }));
    assert.equal(e.rejection?.kind, "invalid-properties");
    assert.equal(e.rejection?.subject, Counter.TIME);
  });

  test("other schemes are rejected; unreadable offers throw from evaluateOffer, score -1", () => {
    assert.equal(
      evaluate(strategy, offer([0, 0, 0], { "golem.com.scheme": "payu2" })).rejection?.kind,
      "unsupported-scheme",
    );
    const broken = offer([0, 0]);
    assert.throws(() => strategy.evaluateOffer(broken), InvalidPropertiesError);
    assert.equal(strategy.scoreOffer(broken), SCORE_REJECTED);
  });

  test("decorates the demand with the linear pricing constraint", () => {
    const b = new DemandBuilder();
    strategy.decorateDemand(b);
    assert.equal(b.constraints, "(golem.com.pricing.model=linear)");
  });

  test("bad options are refused", () => {
    assert.throws(() => new LeastExpensiveLinearPayuMS({ maxFixedPrice: "cheap" }), /maxFixedPrice/);
    assert.throws(() => new LeastExpensiveLinearPayuMS({ expectedTimeSecs: -1 }), /expectedTimeSecs/);
  });
});
