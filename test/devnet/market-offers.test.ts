import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { validateDevnetOptions } from "../../src/cli/devnet-options.js";
import { call, demandBody, demandEvents, MARKET, type ProposalJson } from "./helpers.js";

const COEFFS = "golem.com.pricing.model.linear.coeffs";

describe("market API: a provider with several offers (`offers`)", () => {
  let devnet: Devnet;
  const id = (name: string) => devnet.providers.find((p) => p.name === name)!.id;

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "market-offers",
      providers: [
        { name: "shop", offers: 3, prices: { start: 0.01, cpuSec: 0.001, durationSec: 0.0001 } },
        { name: "plain" },
      ],
    });
  });
  after(() => devnet.stop());

  async function initialProposals(): Promise<{ subscriptionId: string; proposals: ProposalJson[] }> {
    const body = demandBody();
    const sub = await call<string>(devnet, "POST", `${MARKET}/demands`, body);
    assert.equal(sub.status, 201);
    const events = await demandEvents(devnet, sub.body, 4);
    const proposals = events.flatMap((e) => (e.proposal ? [e.proposal] : []));
    return { subscriptionId: sub.body, proposals };
  }

  test("each offer is its own proposal, with its own id and prices 1 % apart", async () => {
    const { proposals } = await initialProposals();
    assert.equal(proposals.length, 4);
    const shop = proposals.filter((p) => p.issuerId === id("shop"));
    assert.equal(shop.length, 3);
    assert.equal(new Set(shop.map((p) => p.proposalId)).size, 3);
    const coeffs = shop.map((p) => p.properties[COEFFS] as number[]).sort((a, b) => a[0]! - b[0]!);
    const expected = [1, 1.01, 1.02].map((k) => [0.001 * k, 0.0001 * k, 0.01 * k]);
    for (const [i, c] of coeffs.entries()) {
      for (const [j, v] of c.entries())
        assert.ok(Math.abs(v - expected[i]![j]!) < 1e-12, `offer ${i} coeff ${j}: ${v}`);
    }
    assert.equal(proposals.filter((p) => p.issuerId === id("plain")).length, 1);
  });

  test("the scan API lists every offer once, each with a distinct offerId", async () => {
    const scan = await call<string>(devnet, "POST", `${MARKET}/scan`, { type: "offer" });
    assert.equal(scan.status, 201);
    const page = await call<{ offerId: string; providerId: string }[]>(
      devnet,
      "GET",
      `${MARKET}/scan/${scan.body}/events?maxEvents=100`,
    );
    assert.equal(page.status, 200);
    assert.equal(page.body.length, 4);
    assert.equal(new Set(page.body.map((o) => o.offerId)).size, 4);
    await call(devnet, "DELETE", `${MARKET}/scan/${scan.body}`);
  });

  test("an extra offer negotiates to a draft carrying its own prices", async () => {
    const { subscriptionId, proposals } = await initialProposals();
    const dearest = proposals
      .filter((p) => p.issuerId === id("shop"))
      .sort((a, b) => (b.properties[COEFFS] as number[])[0]! - (a.properties[COEFFS] as number[])[0]!)[0]!;
    const body = demandBody({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" });
    const counter = await call<string>(
      devnet,
      "POST",
      `${MARKET}/demands/${subscriptionId}/proposals/${dearest.proposalId}`,
      body,
    );
    assert.equal(counter.status, 200);
    const events = await demandEvents(devnet, subscriptionId, 1);
    const draft = events.find((e) => e.proposal?.prevProposalId === counter.body)?.proposal;
    assert.ok(draft, `no draft in ${JSON.stringify(events)}`);
    assert.deepEqual(draft.properties[COEFFS], dearest.properties[COEFFS]);
  });

  test("offers must be an integer >= 1, in code and in devnet.json", async () => {
    await assert.rejects(
      startDevnet({ port: 0, providers: [{ name: "zero", offers: 0 }] }),
      /provider "zero": offers must be an integer >= 1 \(got 0\)/,
    );
    assert.throws(
      () => validateDevnetOptions({ providers: [{ name: "x", offers: 1.5 }] }),
      /providers\[0\]\.offers/,
    );
  });
});
