import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ProviderConfig } from "../../devnet/config.js";
import { chronoUtc } from "../../devnet/market/format.js";
import { createMarketApi } from "../../devnet/market/index.js";
import {
  call,
  demandBody,
  fakeContext,
  MARKET,
  ManualClock,
  type NegotiationEventJson,
  type RouteServer,
  serveRoutes,
} from "./helpers.js";

/**
 * The market's timers on a clock the test moves: agreement expiration, the default idle
 * timeout, validTo, the approval margin and the subscription lifetime, without waiting.
 */
async function marketOnManualClock(
  provider: ProviderConfig,
): Promise<{ server: RouteServer; clock: ManualClock }> {
  const ctx = fakeContext({ seed: "market-timers", providers: [provider] });
  const clock = new ManualClock();
  ctx.clock = clock;
  const market = createMarketApi(ctx);
  return { server: await serveRoutes(ctx, market.routes), clock };
}

async function events(server: RouteServer, sub: string): Promise<NegotiationEventJson[]> {
  const r = await call<NegotiationEventJson[]>(server, "GET", `${MARKET}/demands/${sub}/events?timeout=0`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** Negotiates a Draft and creates (not confirms) an agreement on it. */
async function agreement(
  server: RouteServer,
  clock: ManualClock,
  validToMs: number,
  expiration = clock.now() + 3600_000,
) {
  const body = demandBody({
    "golem.srv.comp.expiration": expiration,
    "golem.com.payment.chosen-platform": "erc20-holesky-tglm",
  });
  const { body: sub } = await call<string>(server, "POST", `${MARKET}/demands`, body);
  const [offer] = await events(server, sub);
  await call(server, "POST", `${MARKET}/demands/${sub}/proposals/${offer!.proposal!.proposalId}`, body);
  clock.advance(0);
  const [draft] = await events(server, sub);
  assert.equal(draft!.proposal?.state, "Draft", JSON.stringify(draft));
  const validTo = new Date(validToMs).toISOString();
  const created = await call<string>(server, "POST", `${MARKET}/agreements`, {
    proposalId: draft!.proposal!.proposalId,
    validTo,
  });
  assert.equal(created.status, 200);
  return { sub, agreementId: created.body };
}

async function state(server: RouteServer, agreementId: string): Promise<string> {
  return (await call<{ state: string }>(server, "GET", `${MARKET}/agreements/${agreementId}`)).body.state;
}

describe("market timers (manual clock)", () => {
  test("the provider ends an agreement at the demand's expiration, and idle ones after 90 s", async () => {
    const { server, clock } = await marketOnManualClock({ name: "lynx", idleAgreementTimeoutSec: 3600 });
    try {
      const expiration = clock.now() + 10 * 60_000;
      const { agreementId } = await agreement(server, clock, clock.now() + 3600_000, expiration);
      await call(server, "POST", `${MARKET}/agreements/${agreementId}/confirm`);
      clock.advance(0);
      assert.equal(
        (await call(server, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=0`)).status,
        204,
      );
      clock.advance(10 * 60_000 - 1);
      assert.equal(await state(server, agreementId), "Approved");
      clock.advance(1);
      const why = await call<{ terminator: string; reason: unknown }>(
        server,
        "GET",
        `${MARKET}/agreements/${agreementId}/terminate/reason`,
      );
      assert.deepEqual(
        [why.body.terminator, why.body.reason],
        [
          "Provider",
          { message: `Agreement expired @ ${chronoUtc(expiration)}`, "golem.provider.code": "Expired" },
        ],
      );
    } finally {
      await server.close();
    }
    const idle = await marketOnManualClock({ name: "otter" });
    try {
      const { agreementId } = await agreement(idle.server, idle.clock, idle.clock.now() + 3600_000);
      await call(idle.server, "POST", `${MARKET}/agreements/${agreementId}/confirm`);
      idle.clock.advance(0);
      idle.clock.advance(89_999);
      assert.equal(await state(idle.server, agreementId), "Approved");
      idle.clock.advance(1);
      const why = await call<{ reason: unknown }>(
        idle.server,
        "GET",
        `${MARKET}/agreements/${agreementId}/terminate/reason`,
      );
      assert.deepEqual(why.body.reason, {
        message: "No activity created within 90s",
        "golem.provider.code": "NoActivity",
      });
    } finally {
      await idle.server.close();
    }
  });

  test("approval is refused within 30 ms of validTo; the agreement then expires", async () => {
    const { server, clock } = await marketOnManualClock({
      name: "badger",
      maxAgreements: 2,
      faults: { approveDelayMs: 1000 },
    });
    try {
      const late = await agreement(server, clock, clock.now() + 1030);
      const inTime = await agreement(server, clock, clock.now() + 1031);
      await call(server, "POST", `${MARKET}/agreements/${late.agreementId}/confirm`);
      await call(server, "POST", `${MARKET}/agreements/${inTime.agreementId}/confirm`);
      clock.advance(0);
      clock.advance(1000);
      assert.equal(await state(server, inTime.agreementId), "Approved");
      assert.equal(await state(server, late.agreementId), "Pending");
      clock.advance(31);
      assert.equal(await state(server, late.agreementId), "Expired");
      const wait = await call(server, "POST", `${MARKET}/agreements/${late.agreementId}/wait?timeout=0`);
      assert.deepEqual(
        [wait.status, wait.body],
        [410, { message: `Agreement [${late.agreementId}] expired.` }],
      );
    } finally {
      await server.close();
    }
  });

  test("a demand lives subscriptionTtlSec (default 3600 s); an agreement on its draft is then 410", async () => {
    const { server, clock } = await marketOnManualClock({ name: "heron" });
    try {
      const body = demandBody({
        "golem.srv.comp.expiration": clock.now() + 7200_000,
        "golem.com.payment.chosen-platform": "erc20-holesky-tglm",
      });
      const { body: sub } = await call<string>(server, "POST", `${MARKET}/demands`, body);
      const [offer] = await events(server, sub);
      await call(server, "POST", `${MARKET}/demands/${sub}/proposals/${offer!.proposal!.proposalId}`, body);
      clock.advance(0);
      const [draft] = await events(server, sub);
      clock.advance(3600_000 - 1);
      assert.deepEqual(await events(server, sub), []);
      clock.advance(1);
      const gone = await call(server, "GET", `${MARKET}/demands/${sub}/events?timeout=0`);
      assert.deepEqual([gone.status, gone.body], [404, { message: `Subscription [${sub}] expired.` }]);
      const late = await call(server, "POST", `${MARKET}/agreements`, {
        proposalId: draft!.proposal!.proposalId,
        validTo: new Date(clock.now() + 3600_000).toISOString(),
      });
      assert.deepEqual([late.status, late.body], [410, { message: `Subscription [${sub}] expired.` }]);
    } finally {
      await server.close();
    }
  });
});
