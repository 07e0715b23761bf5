import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { humanDuration } from "../../devnet/market/format.js";
import { buildOffer } from "../../devnet/market/offers.js";
import { type NegotiationResult, negotiateStep } from "../../devnet/market/provider-negotiator.js";
import { fakeContext } from "./helpers.js";

const ctx = fakeContext({
  seed: "negotiator",
  providers: [{ name: "lynx" }, { name: "otter", paymentTimeoutSec: null, maxAgreements: 2 }],
});
const lynx = ctx.providers[0]!;
const otter = ctx.providers[1]!;
const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR = 3600_000;
const offerOf = (p = lynx) => buildOffer(p, ctx.ids.subscription(), NOW).properties;

function step(
  demand: Record<string, unknown>,
  opts: { provider?: typeof lynx; offer?: Record<string, unknown>; free?: boolean } = {},
) {
  const provider = opts.provider ?? lynx;
  return negotiateStep({
    provider,
    demand: {
      "golem.com.payment.chosen-platform": "erc20-holesky-tglm",
      "golem.srv.comp.expiration": NOW + 20 * 60_000,
      ...demand,
    },
    offer: opts.offer ?? offerOf(provider),
    now: NOW,
    hasFreeSlot: opts.free ?? true,
  });
}

function rejected(r: NegotiationResult): { message: string; isFinal: boolean } {
  assert.equal(r.kind, "reject", JSON.stringify(r));
  return r as { message: string; isFinal: boolean };
}

function offered(r: NegotiationResult): Record<string, unknown> {
  assert.notEqual(r.kind, "reject", JSON.stringify(r));
  return (r as { offer: Record<string, unknown> }).offer;
}

describe("provider negotiation (7.1)", () => {
  test("the offer carries what a ya-provider publishes", () => {
    const o = offerOf();
    assert.equal(o["golem.com.pricing.model"], "linear");
    assert.deepEqual(o["golem.com.usage.vector"], ["golem.usage.cpu_sec", "golem.usage.duration_sec"]);
    const c = lynx.config.prices;
    assert.deepEqual(o["golem.com.pricing.model.linear.coeffs"], [c.cpuSec, c.durationSec, c.start]);
    assert.equal(o["golem.com.payment.platform.erc20-holesky-tglm.address"], lynx.id);
    assert.equal(o["golem.com.payment.protocol.version"], 3);
    assert.equal(o["golem.com.scheme"], "payu");
    assert.equal(o["golem.com.scheme.payu.payment-timeout-sec?"], 120);
    assert.equal("golem.com.scheme.payu.payment-timeout-sec?" in offerOf(otter), false);
    assert.deepEqual(o["golem.activity.caps.transfer.protocol"], ["gftp", "http", "https"]);
    assert.deepEqual(Object.keys(o), [...Object.keys(o)].sort());
  });

  test("chosen-platform is required and must be offered (non-final)", () => {
    const missing = rejected(step({ "golem.com.payment.chosen-platform": undefined }));
    assert.deepEqual(missing, {
      kind: "reject",
      message: "Missing fields: /golem/com/payment/chosen-platform",
      isFinal: false,
    });
    const unknown = rejected(step({ "golem.com.payment.chosen-platform": "erc20-mainnet-glm" }));
    assert.match(unknown.message, /erc20-mainnet-glm/);
    assert.equal(unknown.isFinal, false);
  });

  test("a full provider rejects, not finally, naming its limit", () => {
    const r = rejected(step({}, { provider: otter, free: false }));
    assert.equal(r.message, "No capacity available. Reached Agreements limit: 2");
    assert.equal(r.isFinal, false);
  });

  test("expiration: required, at least 5 min away, at most 30 min without accept-timeout, 100 years with", () => {
    assert.equal(rejected(step({ "golem.srv.comp.expiration": undefined })).isFinal, true);
    const soon = rejected(step({ "golem.srv.comp.expiration": NOW + 60_000 }));
    assert.equal(soon.isFinal, true);
    assert.equal(
      soon.message,
      "Proposal expires at: 2026-01-01 12:01:00 UTC which is less than 5m or more than 30m from now",
    );
    const far = rejected(step({ "golem.srv.comp.expiration": NOW + 2 * HOUR }));
    assert.equal(far.isFinal, false);
    const withDeadline = step({
      "golem.srv.comp.expiration": NOW + 2 * HOUR,
      "golem.com.payment.debit-notes.accept-timeout?": 240,
    });
    assert.notEqual(withDeadline.kind, "reject");
    const tooFar = rejected(
      step({
        "golem.srv.comp.expiration": NOW + 101 * 365.25 * 24 * HOUR,
        "golem.com.payment.debit-notes.accept-timeout?": 240,
      }),
    );
    assert.match(tooFar.message, /more than 100years from now$/);
  });

  test("accept-timeout: larger is a final reject, smaller (>= 5 s) is adopted, absent removes it", () => {
    const larger = rejected(step({ "golem.com.payment.debit-notes.accept-timeout?": 300 }));
    assert.deepEqual(larger, {
      kind: "reject",
      message: "DebitNote acceptance deadline should be less than 4m.",
      isFinal: true,
    });
    const tiny = rejected(step({ "golem.com.payment.debit-notes.accept-timeout?": 3 }));
    assert.equal(tiny.isFinal, true);
    const smaller = step({ "golem.com.payment.debit-notes.accept-timeout?": 30 });
    assert.equal(smaller.kind, "negotiating");
    assert.equal(offered(smaller)["golem.com.payment.debit-notes.accept-timeout?"], 30);
    const absent = offered(step({}));
    assert.equal("golem.com.payment.debit-notes.accept-timeout?" in absent, false);
  });

  test("debit-note interval and payment timeout: copied when in range, removed when absent", () => {
    const both = offered(
      step({
        "golem.com.scheme.payu.debit-note.interval-sec?": 60,
        "golem.com.scheme.payu.payment-timeout-sec?": 300,
      }),
    );
    assert.equal(both["golem.com.scheme.payu.debit-note.interval-sec?"], 60);
    assert.equal(both["golem.com.scheme.payu.payment-timeout-sec?"], 300);
    const none = offered(step({}));
    assert.equal("golem.com.scheme.payu.debit-note.interval-sec?" in none, false);
    assert.equal("golem.com.scheme.payu.payment-timeout-sec?" in none, false);
    const outOfRange = rejected(step({ "golem.com.scheme.payu.debit-note.interval-sec?": 0 }));
    assert.equal(outOfRange.message, `Demand DebitNote interval 0s not in acceptable range of [1s; 1day]`);
    assert.equal(outOfRange.isFinal, true);
    assert.equal(rejected(step({ "golem.com.scheme.payu.debit-note.interval-sec?": "60" })).isFinal, true);
  });

  test("long agreements need mid-agreement payments, unless the provider offers none", () => {
    const demand = {
      "golem.srv.comp.expiration": NOW + 11 * HOUR,
      "golem.com.payment.debit-notes.accept-timeout?": 240,
    };
    const r = rejected(step(demand));
    assert.equal(r.isFinal, true);
    assert.match(
      r.message,
      /exceeds the 10h threshold .* 'golem\.com\.scheme\.payu\.payment-timeout-sec\?' was not present/,
    );
    assert.notEqual(step(demand, { provider: otter }).kind, "reject");
  });

  test("a demand that mirrors the offer is ready: the agreement check passes", () => {
    const demand = {
      "golem.com.payment.debit-notes.accept-timeout?": 240,
      "golem.com.scheme.payu.debit-note.interval-sec?": 120,
      "golem.com.scheme.payu.payment-timeout-sec?": 120,
    };
    const first = step(demand);
    assert.equal(first.kind, "ready");
    const adjusted = step({ "golem.com.payment.debit-notes.accept-timeout?": 60 });
    assert.equal(adjusted.kind, "negotiating");
    assert.equal(
      step({ "golem.com.payment.debit-notes.accept-timeout?": 60 }, { offer: offered(adjusted) }).kind,
      "ready",
    );
  });

  test("durations print as humantime does", () => {
    assert.equal(humanDuration(90), "1m 30s");
    assert.equal(humanDuration(36_000), "10h");
    assert.equal(humanDuration(86_400), "1day");
    assert.equal(humanDuration(2 * 86_400 + 1), "2days 1s");
    assert.equal(humanDuration(0), "0s");
  });
});
