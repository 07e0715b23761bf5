import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import {
  call,
  demandBody,
  demandEvents,
  MARKET,
  type NegotiationEventJson,
  negotiateDraft,
  type ProposalJson,
} from "./helpers.js";

const SUBSCRIPTION_ID = /^[0-9a-f]{32}-[0-9a-f]{64}$/;
const PROPOSAL_ID = /^R-[0-9a-f]{64}$/;

describe("market API: demands and negotiation", () => {
  let devnet: Devnet;
  const id = (name: string) => devnet.providers.find((p) => p.name === name)!.id;

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "market-negotiation",
      providers: [
        { name: "lynx" },
        { name: "otter", memGib: 16 },
        { name: "heron", subnet: "private" },
        { name: "badger", runtime: "wasmtime" },
        { name: "stoat", subnet: "grumpy", faults: { rejectProposals: true } },
      ],
    });
  });
  after(() => devnet.stop());

  async function subscribe(body = demandBody()): Promise<string> {
    const { status, body: sub } = await call<string>(devnet, "POST", `${MARKET}/demands`, body);
    assert.equal(status, 201);
    return sub;
  }

  test("subscribe answers 201 with the subscription id; GET /demands lists flat properties", async () => {
    const nested = demandBody();
    const body = {
      properties: {
        ...nested.properties,
        golem: { com: { scheme: { "@tag": "payu", payu: { "debit-note.interval-sec?": 60 } } } },
      },
      constraints: nested.constraints,
    };
    const sub = await subscribe(body);
    assert.match(sub, SUBSCRIPTION_ID);
    const { status, body: list } = await call<Record<string, unknown>[]>(devnet, "GET", `${MARKET}/demands`);
    assert.equal(status, 200);
    const demand = list.find((d) => d.demandId === sub)!;
    assert.equal(demand.requestorId, devnet.identity);
    assert.equal(demand.constraints, body.constraints);
    assert.match(String(demand.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const props = demand.properties as Record<string, unknown>;
    assert.equal(props["golem.com.scheme"], "payu");
    assert.equal(props["golem.com.scheme.payu.debit-note.interval-sec?"], 60);
    assert.equal("golem" in props, false);
    assert.equal((await call(devnet, "DELETE", `${MARKET}/demands/${sub}`)).status, 204);
  });

  test("each matching offer arrives once as an Initial ProposalEvent, then events are consumed", async () => {
    const sub = await subscribe();
    const events = await demandEvents(devnet, sub, 2);
    assert.equal(events.length, 2);
    const issuers = events.map((e) => e.proposal!.issuerId).sort();
    assert.deepEqual(issuers, [id("lynx"), id("otter")].sort());
    for (const e of events) {
      assert.equal(e.eventType, "ProposalEvent");
      const p = e.proposal!;
      assert.match(p.proposalId, PROPOSAL_ID);
      assert.equal(p.state, "Initial");
      assert.equal("prevProposalId" in p, false);
      assert.match(
        p.constraints,
        /^\(&\n {2}\(golem\.srv\.comp\.expiration>\d{13}\)\n {2}\(golem\.node\.debug\.subnet=public\)\n\)$/,
      );
      assert.equal(p.properties["golem.node.id.name"], p.issuerId === id("lynx") ? "lynx" : "otter");
    }
    const started = Date.now();
    const again = await call<unknown[]>(devnet, "GET", `${MARKET}/demands/${sub}/events?timeout=0.2`);
    assert.deepEqual([again.status, again.body], [200, []]);
    assert.ok(Date.now() - started >= 150, "the empty answer waited for the timeout");
  });

  test("demand constraints filter offers; a demand without expiration matches nothing", async () => {
    const big = await subscribe(demandBody({}, "(&(golem.runtime.name=vm)(golem.inf.mem.gib>=16))"));
    const events = await demandEvents(devnet, big, 1);
    assert.deepEqual(
      events.map((e) => e.proposal!.issuerId),
      [id("otter")],
    );
    const wasm = await subscribe(demandBody({}, "(golem.runtime.name=wasmtime)"));
    assert.deepEqual(
      (await demandEvents(devnet, wasm, 1)).map((e) => e.proposal!.issuerId),
      [id("badger")],
    );
    const noExpiration = demandBody();
    delete noExpiration.properties["golem.srv.comp.expiration"];
    const none = await subscribe(noExpiration);
    const empty = await call(devnet, "GET", `${MARKET}/demands/${none}/events?timeout=0.2`);
    assert.deepEqual(empty.body, []);
  });

  test("maxEvents: default 20, 1..100, else 400 with the daemon's text", async () => {
    const sub = await subscribe();
    for (const bad of ["0", "101", "-1", "abc"]) {
      const r = await call(devnet, "GET", `${MARKET}/demands/${sub}/events?maxEvents=${bad}`);
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { message: `Invalid maxEvents '${bad}', should be between 1 and 100.` });
    }
    const one = await call<unknown[]>(devnet, "GET", `${MARKET}/demands/${sub}/events?maxEvents=1&timeout=1`);
    assert.equal(one.body.length, 1);
    const rest = await call<unknown[]>(
      devnet,
      "GET",
      `${MARKET}/demands/${sub}/events?maxEvents=100&timeout=1`,
    );
    assert.equal(rest.body.length, 1);
  });

  test("a counter gets a Draft whose prevProposalId is the counter; both are readable", async () => {
    const { subscriptionId, initial, counterId, draft } = await negotiateDraft(devnet, {
      providerId: id("lynx"),
    });
    assert.match(counterId, PROPOSAL_ID);
    assert.equal(draft.state, "Draft");
    assert.equal(draft.prevProposalId, counterId);
    assert.equal(draft.issuerId, id("lynx"));
    assert.equal(draft.constraints, initial.constraints);
    const mine = await call<ProposalJson>(
      devnet,
      "GET",
      `${MARKET}/demands/${subscriptionId}/proposals/${counterId}`,
    );
    assert.equal(mine.status, 200);
    assert.equal(mine.body.issuerId, devnet.identity);
    assert.equal(mine.body.prevProposalId, initial.proposalId);
    assert.equal(mine.body.properties["golem.com.payment.chosen-platform"], "erc20-holesky-tglm");
    const offer = await call<ProposalJson>(
      devnet,
      "GET",
      `${MARKET}/demands/${subscriptionId}/proposals/${initial.proposalId}`,
    );
    assert.equal(offer.body.state, "Initial");
    assert.deepEqual(offer.body.properties, initial.properties);
  });

  test("counter errors: countered twice 410, own proposal 400, no longer matching 400, bad body 400", async () => {
    const { subscriptionId, initial, counterId } = await negotiateDraft(devnet, { providerId: id("otter") });
    const path = (p: string) => `${MARKET}/demands/${subscriptionId}/proposals/${p}`;
    const twice = await call(devnet, "POST", path(initial.proposalId), demandBody());
    assert.deepEqual(twice, {
      status: 410,
      type: "application/json",
      body: {
        message: `Proposal [${initial.proposalId}] already has counter proposal. Can't counter for the second time.`,
      },
    });
    const own = await call(devnet, "POST", path(counterId), demandBody());
    assert.deepEqual(
      [own.status, own.body],
      [400, { message: `Can't react to own Proposal [${counterId}].` }],
    );

    const sub = await subscribe();
    const [offer] = await demandEvents(devnet, sub, 1);
    const target = `${MARKET}/demands/${sub}/proposals/${offer!.proposal!.proposalId}`;
    const mismatch = await call<{ message: string }>(
      devnet,
      "POST",
      target,
      demandBody({}, "(golem.inf.mem.gib>=1000)"),
    );
    assert.equal(mismatch.status, 400);
    assert.match(
      mismatch.body.message,
      /^Proposal properties \[R-[0-9a-f]{64}\] doesn't match previous Proposal \[R-[0-9a-f]{64}\]\. Mismatched constraints - Offer: \[\], Demand: \["\(golem\.inf\.mem\.gib>=1000\)"\]$/,
    );
    const expired = demandBody({ "golem.srv.comp.expiration": 1000 });
    const offerSide = await call<{ message: string }>(devnet, "POST", target, expired);
    assert.match(offerSide.body.message, /Offer: \["\(golem\.srv\.comp\.expiration>\d+\)"\], Demand: \[\]$/);
    const malformed = await call(devnet, "POST", target, demandBody({}, "(&(golem.runtime.name=vm)"));
    assert.equal(malformed.status, 400);
    assert.match((malformed.body as { message: string }).message, /^Invalid constraint\. Expected '\)'/);
    const noProps = await call(devnet, "POST", target, { constraints: "()" });
    assert.deepEqual(noProps.body, { message: "Json deserialize error: missing field `properties`" });
    const noBody = await call(devnet, "POST", target);
    assert.equal(noBody.status, 400);
    // None of the failed attempts counted: the offer can still be countered.
    const ok = await call(
      devnet,
      "POST",
      target,
      demandBody({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" }),
    );
    assert.equal(ok.status, 200);
  });

  test("malformed ids in paths are 400; unknown ones 404", async () => {
    const sub = await subscribe();
    const hex = "a".repeat(64);
    const cases: [string, string][] = [
      [`${MARKET}/demands/nope/events`, "Path deserialize error: Subscription id [nope] has invalid format."],
      [
        `${MARKET}/demands/${"g".repeat(32)}-${hex}/events`,
        `Path deserialize error: Subscription id [${"g".repeat(32)}-${hex}] contains non hexadecimal characters.`,
      ],
      [
        `${MARKET}/demands/${"a".repeat(31)}-${hex}/events`,
        `Path deserialize error: Subscription id [${"a".repeat(31)}-${hex}] has invalid length. Should be |32|-|64|`,
      ],
      [
        `${MARKET}/demands/${sub}/proposals/R${hex}`,
        `Path deserialize error: Id [R${hex}] has invalid format.`,
      ],
      [
        `${MARKET}/demands/${sub}/proposals/X-${hex}`,
        "Path deserialize error: Id [X] has invalid owner type.",
      ],
      [
        `${MARKET}/demands/${sub}/proposals/R-${"z".repeat(64)}`,
        `Path deserialize error: Id [${"z".repeat(64)}] contains non hexadecimal characters.`,
      ],
      [
        `${MARKET}/demands/${sub}/proposals/R-abc`,
        "Path deserialize error: Id [abc] hash has invalid length. Should be |64|",
      ],
    ];
    for (const [path, message] of cases) {
      const r = await call(devnet, "GET", path);
      assert.deepEqual([r.status, r.body], [400, { message }], path);
    }
    const [random, hash] = sub.split("-");
    const unknown = await call(devnet, "GET", `${MARKET}/demands/${sub}/proposals/R-${hex}`);
    assert.deepEqual(unknown.body, {
      message: `Proposal [R-${hex}] not found (subscription [Some(SubscriptionId { random_id: "${random}", hash: "${hash}" })]).`,
    });
    assert.equal(unknown.status, 404);
    const bad = await call(devnet, "POST", `${MARKET}/demands`, demandBody({}, "(golem.runtime.name=vm"));
    assert.equal(bad.status, 400);
    assert.match((bad.body as { message: string }).message, /^Invalid constraint\./);
    const notObject = await call(devnet, "POST", `${MARKET}/demands`, { properties: [], constraints: "()" });
    assert.equal(notObject.status, 400);
    // Hostile nesting is a 400, never a crash (sent as text: JSON.stringify cannot write it).
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const send = async (path: string, text: string) => {
      const headers = { authorization: `Bearer ${devnet.appKey}`, "content-type": "application/json" };
      const res = await fetch(`${devnet.url}${path}`, { method: "POST", headers, body: text });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const nested = await send(`${MARKET}/demands`, `{"properties":{"x.deep":${deep}},"constraints":"()"}`);
    assert.deepEqual(nested, {
      status: 400,
      body: { message: "Json deserialize error: property 'x.deep' nests deeper than 64 levels" },
    });
    const reason = await send(
      `${MARKET}/demands/${sub}/proposals/R-${hex}/reject`,
      `{"message":"x","deep":${deep}}`,
    );
    assert.deepEqual(reason, {
      status: 400,
      body: { message: "Json deserialize error: the reason nests deeper than 64 levels" },
    });
  });

  test("providers reject counters without chosen-platform (non-final); rejections come first", async () => {
    const sub = await subscribe();
    const initials = await demandEvents(devnet, sub, 2);
    const [first, second] = initials.map((e) => e.proposal!);
    const counter = await call<string>(
      devnet,
      "POST",
      `${MARKET}/demands/${sub}/proposals/${first!.proposalId}`,
      demandBody(),
    );
    const counter2 = await call<string>(
      devnet,
      "POST",
      `${MARKET}/demands/${sub}/proposals/${second!.proposalId}`,
      demandBody({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" }),
    );
    // Both providers answered on their next tick; the rejection is listed before the draft.
    const events = await demandEvents(devnet, sub, 2);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ["ProposalRejectedEvent", "ProposalEvent"],
    );
    const rejected = events[0]!;
    assert.equal(rejected.proposalId, counter.body);
    assert.deepEqual(rejected.reason, {
      message: "Missing fields: /golem/com/payment/chosen-platform",
      "golem.proposal.rejection.is-final": false,
    });
    assert.equal(events[1]!.proposal!.prevProposalId, counter2.body);
    const state = await call<ProposalJson>(
      devnet,
      "GET",
      `${MARKET}/demands/${sub}/proposals/${counter.body}`,
    );
    assert.equal(state.body.state, "Rejected");
  });

  test("a provider with rejectProposals rejects finally", async () => {
    const sub = await subscribe(demandBody({ "golem.node.debug.subnet": "grumpy" }, "()"));
    const [offer] = await demandEvents(devnet, sub, 1);
    assert.equal(offer!.proposal!.issuerId, id("stoat"));
    const counter = await call<string>(
      devnet,
      "POST",
      `${MARKET}/demands/${sub}/proposals/${offer!.proposal!.proposalId}`,
      demandBody(
        { "golem.node.debug.subnet": "grumpy", "golem.com.payment.chosen-platform": "erc20-holesky-tglm" },
        "()",
      ),
    );
    const [answer] = await demandEvents(devnet, sub, 1);
    assert.equal(answer!.eventType, "ProposalRejectedEvent");
    assert.equal(answer!.proposalId, counter.body);
    assert.equal(answer!.reason!["golem.proposal.rejection.is-final"], true);
  });

  test("reject: 204 with a Reason or null; the proposal is Rejected; bad Reason is 400", async () => {
    const sub = await subscribe();
    const [a, b] = (await demandEvents(devnet, sub, 2)).map((e) => e.proposal!.proposalId);
    const path = (p: string) => `${MARKET}/demands/${sub}/proposals/${p}`;
    assert.equal(
      (await call(devnet, "POST", `${path(a!)}/reject`, { message: "Score too low" })).status,
      204,
    );
    assert.equal((await call(devnet, "POST", `${path(b!)}/reject`, null)).status, 204);
    assert.equal((await call<ProposalJson>(devnet, "GET", path(a!))).body.state, "Rejected");
    const bad = await call(devnet, "POST", `${path(b!)}/reject`, { reason: "x" });
    assert.deepEqual(
      [bad.status, bad.body],
      [400, { message: "Json deserialize error: missing field `message`" }],
    );
    const initial = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: b,
      validTo: new Date(Date.now() + 3600_000).toISOString(),
    });
    assert.equal(initial.status, 400);
  });

  test("createAgreement on an Initial proposal is 400 with the daemon's text", async () => {
    const sub = await subscribe();
    const [offer] = await demandEvents(devnet, sub, 1);
    const pid = offer!.proposal!.proposalId;
    const r = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: pid,
      validTo: new Date(Date.now() + 3600_000).toISOString(),
    });
    assert.deepEqual(
      [r.status, r.body],
      [
        400,
        {
          message: `Can't create Agreement for Proposal [${pid}]. No negotiation with Provider took place. (You should counter Proposal at least one time)`,
        },
      ],
    );
  });

  test("a long poll wakes for a new event, and ends with 404 when the demand is unsubscribed", async () => {
    const sub = await subscribe();
    const [offer] = await demandEvents(devnet, sub, 2);
    const waiting = call<NegotiationEventJson[]>(devnet, "GET", `${MARKET}/demands/${sub}/events?timeout=5`);
    const started = Date.now();
    await call(
      devnet,
      "POST",
      `${MARKET}/demands/${sub}/proposals/${offer!.proposal!.proposalId}`,
      demandBody({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" }),
    );
    const woke = await waiting;
    assert.equal(woke.body[0]!.proposal!.state, "Draft");
    assert.ok(Date.now() - started < 4000);

    const route = "GET /market-api/v1/demands/:subscriptionId/events";
    const polls = devnet.context.stats.byRoute.get(route) ?? 0;
    const pending = call(devnet, "GET", `${MARKET}/demands/${sub}/events?timeout=5`);
    // The devnet runs in this process: yield until it has taken the poll in.
    while ((devnet.context.stats.byRoute.get(route) ?? 0) === polls)
      await new Promise<void>((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    assert.equal((await call(devnet, "DELETE", `${MARKET}/demands/${sub}`)).status, 204);
    const ended = await pending;
    assert.deepEqual(
      [ended.status, ended.body],
      [404, { message: `Subscription [${sub}] not found. Could be unsubscribed.` }],
    );
    const after = await call(devnet, "GET", `${MARKET}/demands/${sub}/events`);
    assert.equal(after.status, 404);
    const again = await call(devnet, "DELETE", `${MARKET}/demands/${sub}`);
    assert.deepEqual([again.status, again.body], [404, { message: `Demand [${sub}] not found.` }]);
    const list = await call<{ demandId: string }[]>(devnet, "GET", `${MARKET}/demands`);
    assert.equal(
      list.body.some((d) => d.demandId === sub),
      false,
    );
  });
});

describe("market API: subscription lifetime", () => {
  test("after subscriptionTtlSec, events are 404 'expired' and counters 410", async () => {
    const devnet = await startDevnet({
      port: 0,
      seed: "market-ttl",
      providerCount: 1,
      subscriptionTtlSec: 0.4,
    });
    try {
      const { body: sub } = await call<string>(devnet, "POST", `${MARKET}/demands`, demandBody());
      const [offer] = await demandEvents(devnet, sub, 1);
      // A long poll still waiting when the subscription expires ends with the 404 too.
      const r = await call(devnet, "GET", `${MARKET}/demands/${sub}/events?timeout=3`);
      assert.deepEqual([r.status, r.body], [404, { message: `Subscription [${sub}] expired.` }]);
      const counter = await call(
        devnet,
        "POST",
        `${MARKET}/demands/${sub}/proposals/${offer!.proposal!.proposalId}`,
        demandBody({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" }),
      );
      assert.deepEqual([counter.status, counter.body], [410, { message: `Subscription [${sub}] expired.` }]);
      const list = await call<unknown[]>(devnet, "GET", `${MARKET}/demands`);
      assert.deepEqual(list.body, []);
      assert.equal((await call(devnet, "DELETE", `${MARKET}/demands/${sub}`)).status, 204);
    } finally {
      await devnet.stop();
    }
  });
});
