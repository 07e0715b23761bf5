import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import {
  approvedAgreement,
  call,
  demandEvents,
  MARKET,
  negotiateDraft,
  type ProposalJson,
} from "./helpers.js";

interface AgreementEvent {
  eventType: string;
  eventDate: string;
  agreementId: string;
  terminator?: string;
  signature?: string;
  reason?: Record<string, unknown>;
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe("market API: agreements", () => {
  let devnet: Devnet;
  const id = (name: string) => devnet.providers.find((p) => p.name === name)!.id;
  const bus: string[] = [];

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "market-agreements",
      providers: [
        { name: "lynx" },
        { name: "otter" },
        { name: "heron", faults: { neverApprove: true } },
        { name: "badger", faults: { approveDelayMs: 300 } },
      ],
    });
    devnet.context.bus.on("agreement.approved", (e) => bus.push(`approved ${e.agreementId}`));
    devnet.context.bus.on("agreement.terminated", (e) =>
      bus.push(`terminated ${e.agreementId} ${e.terminator}`),
    );
  });
  after(() => devnet.stop());

  test("a full negotiation ends in an Approved agreement shaped as the daemon's; terminate regenerates an offer", async () => {
    const { subscriptionId, agreementId, draft } = await approvedAgreement(devnet, {
      providerId: id("lynx"),
      appSessionId: "full",
    });
    assert.match(agreementId, /^[0-9a-f]{64}$/);
    const { status, body: a } = await call<Record<string, unknown>>(
      devnet,
      "GET",
      `${MARKET}/agreements/${agreementId}`,
    );
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(a), [
      "agreementId",
      "demand",
      "offer",
      "validTo",
      "approvedDate",
      "state",
      "timestamp",
      "appSessionId",
      "proposedSignature",
      "approvedSignature",
      "committedSignature",
    ]);
    assert.equal(a.state, "Approved");
    assert.equal(a.appSessionId, "full");
    assert.deepEqual(
      [a.proposedSignature, a.approvedSignature, a.committedSignature],
      ["NoSignature", "NoSignature", "NoSignature"],
    );
    const demand = a.demand as Record<string, unknown>;
    assert.deepEqual(Object.keys(demand), [
      "properties",
      "constraints",
      "demandId",
      "requestorId",
      "timestamp",
    ]);
    assert.equal(demand.demandId, subscriptionId);
    assert.equal(demand.requestorId, devnet.identity);
    assert.equal(
      (demand.properties as Record<string, unknown>)["golem.com.payment.chosen-platform"],
      "erc20-holesky-tglm",
    );
    const offer = a.offer as Record<string, unknown>;
    assert.deepEqual(Object.keys(offer), ["properties", "constraints", "offerId", "providerId", "timestamp"]);
    assert.equal(offer.providerId, id("lynx"));
    assert.match(String(offer.offerId), /^[0-9a-f]{32}-[0-9a-f]{64}$/);
    assert.deepEqual(offer.properties, draft.properties);

    const view = devnet.context.market.agreement(agreementId)!;
    assert.equal(view.state, "Approved");
    assert.equal(view.provider.name, "lynx");
    assert.equal(view.appSessionId, "full");
    assert.deepEqual(view.demandProperties, demand.properties);
    assert.deepEqual(view.offerProperties, draft.properties);

    const events = await call<AgreementEvent[]>(
      devnet,
      "GET",
      `${MARKET}/agreementEvents?appSessionId=full&timeout=1`,
    );
    assert.deepEqual(
      events.body.map((e) => [e.eventType, e.agreementId]),
      [["AgreementApprovedEvent", agreementId]],
    );
    assert.equal(a.approvedDate, events.body[0]!.eventDate);

    const reason = { message: "Work finished", "golem.requestor.code": "Success" };
    const terminated = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, reason);
    assert.deepEqual([terminated.status, terminated.body], [200, ""]);
    const again = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, null);
    assert.deepEqual(
      [again.status, again.body],
      [
        410,
        {
          message: `Agreement [${agreementId}]. Error: Can't update Agreement state from Terminated to Terminated.`,
        },
      ],
    );
    const why = await call<Record<string, unknown>>(
      devnet,
      "GET",
      `${MARKET}/agreements/${agreementId}/terminate/reason`,
    );
    assert.equal(why.status, 200);
    assert.deepEqual(Object.keys(why.body), [
      "eventDate",
      "agreementId",
      "terminator",
      "signature",
      "reason",
    ]);
    assert.deepEqual([why.body.terminator, why.body.signature, why.body.reason], ["Requestor", "", reason]);
    assert.deepEqual(bus.slice(-2), [`approved ${agreementId}`, `terminated ${agreementId} Requestor`]);

    // The daemon offers the same provider again (2.4 point 8).
    let renewed: ProposalJson | undefined;
    for (let i = 0; i < 5 && !renewed; i++) {
      const events = await demandEvents(devnet, subscriptionId, 1);
      renewed = events.map((e) => e.proposal!).find((p) => p.issuerId === id("lynx"));
    }
    assert.ok(renewed, "a new Initial proposal from lynx");
    assert.equal(renewed.state, "Initial");
    assert.equal("prevProposalId" in renewed, false);
  });

  test("create errors: second agreement 409, own or unknown proposal 400, malformed body 400", async () => {
    const { draft, counterId } = await negotiateDraft(devnet, { providerId: id("otter") });
    const first = await call<string>(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: draft.proposalId,
      validTo: inAnHour(),
    });
    assert.equal(first.status, 200);
    const second = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: draft.proposalId,
      validTo: inAnHour(),
    });
    assert.deepEqual(
      [second.status, second.body],
      [409, { message: `Can't create second Agreement for Proposal [${draft.proposalId}].` }],
    );
    const own = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: counterId,
      validTo: inAnHour(),
    });
    assert.deepEqual(
      [own.status, own.body],
      [
        400,
        {
          message: `Can't create Agreement for an own Proposal [${counterId}]. You can promote only provider's Proposals to Agreement.`,
        },
      ],
    );
    const unknown = `R-${"b".repeat(64)}`;
    const missing = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: unknown,
      validTo: inAnHour(),
    });
    assert.deepEqual(missing.body, {
      message: `Can't create Agreement for Proposal [${unknown}]. Proposal [${unknown}] not found.`,
    });
    const noValidTo = await call(devnet, "POST", `${MARKET}/agreements`, { proposalId: unknown });
    assert.deepEqual(
      [noValidTo.status, noValidTo.body],
      [400, { message: "Json deserialize error: missing field `validTo`" }],
    );
    const badDate = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: unknown,
      validTo: "tomorrow",
    });
    assert.equal(badDate.status, 400);
    const badId = await call(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: "x",
      validTo: inAnHour(),
    });
    assert.deepEqual(badId.body, { message: "Invalid Agreement id. Id [x] has invalid format." });

    // Not confirmed yet: optional fields are omitted, and only cancel makes sense.
    const agreementId = first.body;
    const a = await call<Record<string, unknown>>(devnet, "GET", `${MARKET}/agreements/${agreementId}`);
    assert.equal(a.body.state, "Proposal");
    for (const key of [
      "approvedDate",
      "appSessionId",
      "proposedSignature",
      "approvedSignature",
      "committedSignature",
    ]) {
      assert.equal(key in a.body, false, key);
    }
    const wait = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=0.1`);
    assert.deepEqual(
      [wait.status, wait.body],
      [400, { message: `Agreement [${agreementId}] should be confirmed, before waiting for approval.` }],
    );
    const terminate = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, {
      message: "x",
    });
    assert.deepEqual(
      [terminate.status, terminate.body],
      [
        409,
        {
          message: `Agreement [${agreementId}]. Error: Can't update Agreement state from Proposal to Terminated.`,
        },
      ],
    );
    const reason = await call(devnet, "GET", `${MARKET}/agreements/${agreementId}/terminate/reason`);
    assert.deepEqual(
      [reason.status, reason.body],
      [400, { message: `Agreement [${agreementId}] not terminated yet.` }],
    );
    const cancel = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/cancel`, {
      message: "changed my mind",
    });
    assert.deepEqual([cancel.status, cancel.body], [200, ""]);
    const confirm = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/confirm`);
    assert.deepEqual(
      [confirm.status, confirm.body],
      [
        410,
        {
          message: `Agreement [${agreementId}]. Error: Can't update Agreement state from Cancelled to Pending.`,
        },
      ],
    );
    const cancelled = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/wait`);
    assert.deepEqual([cancelled.status, cancelled.body], [410, { message: "Cancelled" }]);

    const malformed = await call(devnet, "GET", `${MARKET}/agreements/zzz`);
    assert.deepEqual(
      [malformed.status, malformed.body],
      [400, { message: "Invalid Agreement id. Id [zzz] contains non hexadecimal characters." }],
    );
    const short = await call(devnet, "POST", `${MARKET}/agreements/abc/wait`);
    assert.deepEqual(short.body, {
      message: "Invalid agreement id. Id [abc] hash has invalid length. Should be |64|",
    });
    const nobody = await call(devnet, "GET", `${MARKET}/agreements/${"c".repeat(64)}`);
    assert.deepEqual(
      [nobody.status, nobody.body],
      [404, { message: `Agreement [${"c".repeat(64)}] not found.` }],
    );
  });

  test("neverApprove: wait gives 408, then 410 once validTo passes (Expired)", async () => {
    const { draft } = await negotiateDraft(devnet, { providerId: id("heron") });
    const validTo = new Date(Date.now() + 1200).toISOString();
    const { body: agreementId } = await call<string>(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: draft.proposalId,
      validTo,
    });
    assert.equal((await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/confirm`)).status, 204);
    const timeout = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=0.2`);
    assert.deepEqual(
      [timeout.status, timeout.body],
      [408, { message: `Timeout while waiting for Agreement [${agreementId}] approval.` }],
    );
    const pending = await call<{ state: string }>(devnet, "GET", `${MARKET}/agreements/${agreementId}`);
    assert.equal(pending.body.state, "Pending");
    const expired = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=5`);
    assert.deepEqual(
      [expired.status, expired.body],
      [410, { message: `Agreement [${agreementId}] expired.` }],
    );
    const state = await call<{ state: string }>(devnet, "GET", `${MARKET}/agreements/${agreementId}`);
    assert.equal(state.body.state, "Expired");
    const cancel = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/cancel`);
    assert.equal(cancel.status, 410);
  });

  test("approveDelayMs: the approval comes after the delay", async () => {
    const { draft } = await negotiateDraft(devnet, { providerId: id("badger") });
    const { body: agreementId } = await call<string>(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: draft.proposalId,
      validTo: inAnHour(),
    });
    await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/confirm?appSessionId=slow`);
    const early = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=0.05`);
    assert.equal(early.status, 408);
    const started = Date.now();
    const approved = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=5`);
    assert.deepEqual([approved.status, approved.body], [204, ""]);
    assert.ok(Date.now() - started < 2000);
    assert.equal(
      (await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, { message: "done" }))
        .status,
      200,
    );
  });

  test("agreement events page strictly after afterTimestamp, with no loss and no duplicates", async () => {
    const all = await call<AgreementEvent[]>(
      devnet,
      "GET",
      `${MARKET}/agreementEvents?maxEvents=100&timeout=0`,
    );
    assert.equal(all.status, 200);
    assert.ok(all.body.length >= 5, `enough events to page: ${all.body.length}`);
    const dates = all.body.map((e) => Date.parse(e.eventDate));
    for (let i = 1; i < dates.length; i++)
      assert.ok(dates[i]! > dates[i - 1]!, "strictly increasing eventDate");
    for (const e of all.body) assert.match(e.eventDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000Z$/);

    // Page one event at a time; half the time round-trip the cursor through Date (ms), as golem-js does.
    const paged: AgreementEvent[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const q = cursor === undefined ? "" : `&afterTimestamp=${encodeURIComponent(cursor)}`;
      const page = await call<AgreementEvent[]>(
        devnet,
        "GET",
        `${MARKET}/agreementEvents?maxEvents=1&timeout=0${q}`,
      );
      if (page.body.length === 0) break;
      assert.equal(page.body.length, 1);
      paged.push(page.body[0]!);
      cursor = i % 2 === 0 ? page.body[0]!.eventDate : new Date(page.body[0]!.eventDate).toISOString();
    }
    assert.deepEqual(paged, all.body);

    const full = await call<AgreementEvent[]>(
      devnet,
      "GET",
      `${MARKET}/agreementEvents?appSessionId=full&timeout=0`,
    );
    assert.deepEqual(
      full.body.map((e) => e.eventType),
      ["AgreementApprovedEvent", "AgreementTerminatedEvent"],
    );
    const terminatedEvent = full.body[1]!;
    assert.deepEqual([terminatedEvent.terminator, terminatedEvent.signature], ["Requestor", ""]);
    const cancelled = all.body.find((e) => e.eventType === "AgreementCancelledEvent")!;
    assert.deepEqual(cancelled.reason, { message: "changed my mind" });

    const last = all.body.at(-1)!.eventDate;
    const started = Date.now();
    const idle = await call(
      devnet,
      "GET",
      `${MARKET}/agreementEvents?timeout=0.2&afterTimestamp=${encodeURIComponent(last)}`,
    );
    assert.deepEqual([idle.status, idle.body], [200, []]);
    assert.ok(Date.now() - started >= 150);
    const bad = await call(devnet, "GET", `${MARKET}/agreementEvents?afterTimestamp=yesterday`);
    assert.equal(bad.status, 400);
    const max = await call(devnet, "GET", `${MARKET}/agreementEvents?maxEvents=101`);
    assert.deepEqual(
      [max.status, max.body],
      [400, { message: "Invalid maxEvents '101', should be between 1 and 100." }],
    );
  });

  test("GET /agreements lists entries and filters by state, session and creation date", async () => {
    const list = await call<Record<string, unknown>[]>(devnet, "GET", `${MARKET}/agreements`);
    assert.ok(list.body.length >= 4);
    for (const e of list.body) {
      assert.deepEqual(Object.keys(e), ["id", "timestamp", "approvedDate", "role"]);
      assert.equal(e.role, "Requestor");
    }
    assert.ok(list.body.some((e) => e.approvedDate === null));
    const terminated = await call<{ id: string }[]>(
      devnet,
      "GET",
      `${MARKET}/agreements?state=Terminated&appSessionId=full`,
    );
    assert.equal(terminated.body.length, 1);
    const future = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    assert.deepEqual((await call(devnet, "GET", `${MARKET}/agreements?afterDate=${future}`)).body, []);
    assert.equal(
      (await call<unknown[]>(devnet, "GET", `${MARKET}/agreements?beforeDate=${future}`)).body.length,
      list.body.length,
    );
    const bad = await call(devnet, "GET", `${MARKET}/agreements?state=Bogus`);
    assert.equal(bad.status, 400);
  });
});
