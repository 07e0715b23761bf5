import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import {
  approvedAgreement,
  call,
  demandBody,
  demandEvents,
  MARKET,
  type NegotiationEventJson,
  negotiateDraft,
} from "./helpers.js";

interface AgreementEvent {
  eventType: string;
  eventDate: string;
  agreementId: string;
  terminator?: string;
  reason?: Record<string, unknown>;
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe("market API: what simulated providers do with agreements", () => {
  let devnet: Devnet;
  const id = (name: string) => devnet.providers.find((p) => p.name === name)!.id;

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "market-provider",
      providers: [
        { name: "stoat" },
        { name: "marten", idleAgreementTimeoutSec: 1 },
        { name: "ibis", multiActivity: false },
        { name: "crane", faults: { httpErrorRate: 1, httpErrorStatus: 408 } },
        { name: "kite", faults: { httpErrorRate: 1 } },
      ],
    });
  });
  after(() => devnet.stop());

  /** The next agreement events of one session after `after`, waiting up to `timeoutSec`. */
  async function sessionEvents(session: string, after?: string, timeoutSec = 5): Promise<AgreementEvent[]> {
    const cursor = after ? `&afterTimestamp=${encodeURIComponent(after)}` : "";
    const r = await call<AgreementEvent[]>(
      devnet,
      "GET",
      `${MARKET}/agreementEvents?appSessionId=${session}&timeout=${timeoutSec}${cursor}`,
    );
    assert.equal(r.status, 200);
    return r.body;
  }

  test("capacity: a full provider rejects counters and agreements, and negotiates again once free", async () => {
    const a = await negotiateDraft(devnet, { providerId: id("stoat") });
    const b = await negotiateDraft(devnet, { providerId: id("stoat") });
    const { body: first } = await call<string>(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: a.draft.proposalId,
      validTo: inAnHour(),
    });
    await call(devnet, "POST", `${MARKET}/agreements/${first}/confirm?appSessionId=capacity`);
    assert.equal((await call(devnet, "POST", `${MARKET}/agreements/${first}/wait`)).status, 204);

    // A third requestor demand: stoat is full, so its counter is rejected for now.
    const { body: sub } = await call<string>(devnet, "POST", `${MARKET}/demands`, demandBody());
    const offer = (await demandEvents(devnet, sub, 5)).find((e) => e.proposal?.issuerId === id("stoat"))!
      .proposal!;
    const counter = await call<string>(
      devnet,
      "POST",
      `${MARKET}/demands/${sub}/proposals/${offer.proposalId}`,
      demandBody({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" }),
    );
    const [rejection] = await demandEvents(devnet, sub, 1);
    assert.deepEqual(rejection, {
      eventType: "ProposalRejectedEvent",
      eventDate: rejection!.eventDate,
      proposalId: counter.body,
      reason: {
        message: "No capacity available. Reached Agreements limit: 1",
        "golem.proposal.rejection.is-final": false,
      },
    });

    // The agreement made of the second draft is rejected at approval.
    const { body: second } = await call<string>(devnet, "POST", `${MARKET}/agreements`, {
      proposalId: b.draft.proposalId,
      validTo: inAnHour(),
    });
    await call(devnet, "POST", `${MARKET}/agreements/${second}/confirm?appSessionId=capacity`);
    const waited = await call(devnet, "POST", `${MARKET}/agreements/${second}/wait`);
    assert.deepEqual([waited.status, waited.body], [410, { message: "Rejected" }]);
    const events = await sessionEvents("capacity");
    const rejected = events.find((e) => e.agreementId === second)!;
    assert.equal(rejected.eventType, "AgreementRejectedEvent");
    assert.deepEqual(rejected.reason, {
      message: "No capacity available. Reached Agreements limit: 1",
      "golem.proposal.rejection.is-final": false,
    });

    // Freed: stoat answers the postponed counter with a Draft, and offers itself again.
    assert.equal(
      (await call(devnet, "POST", `${MARKET}/agreements/${first}/terminate`, { message: "done" })).status,
      200,
    );
    const retried = await demandEvents(devnet, sub, 1);
    const draft = retried.find((e: NegotiationEventJson) => e.proposal?.prevProposalId === counter.body);
    assert.ok(draft, "a Draft for the postponed counter");
    assert.equal(draft.proposal!.state, "Draft");
    const renewed = await demandEvents(devnet, a.subscriptionId, 1);
    assert.ok(renewed.some((e) => e.proposal?.issuerId === id("stoat") && e.proposal.state === "Initial"));
  });

  test("idle agreements end after idleAgreementTimeoutSec, and activities keep them alive", async () => {
    const { agreementId } = await approvedAgreement(devnet, {
      providerId: id("marten"),
      appSessionId: "idle",
    });
    const [approved] = await sessionEvents("idle");
    assert.equal(approved!.eventType, "AgreementApprovedEvent");
    const started = Date.now();
    const [ended] = await sessionEvents("idle", approved!.eventDate);
    assert.ok(Date.now() - started >= 500, "ended by the timer, not at once");
    assert.deepEqual(ended, {
      eventType: "AgreementTerminatedEvent",
      eventDate: ended!.eventDate,
      agreementId,
      terminator: "Provider",
      signature: "",
      reason: { message: "No activity created within 1s", "golem.provider.code": "NoActivity" },
    });
    const reason = await call<{ terminator: string }>(
      devnet,
      "GET",
      `${MARKET}/agreements/${agreementId}/terminate/reason`,
    );
    assert.equal(reason.body.terminator, "Provider");
    assert.equal(
      (await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, { message: "x" })).status,
      410,
    );

    // With an activity running, the agreement stays; when it ends, the idle timer runs again.
    const second = await approvedAgreement(devnet, { providerId: id("marten"), appSessionId: "busy" });
    const [busyApproved] = await sessionEvents("busy");
    devnet.context.bus.emit("activity.created", { activityId: "a1", agreementId: second.agreementId });
    assert.deepEqual(await sessionEvents("busy", busyApproved!.eventDate, 1.5), []);
    devnet.context.bus.emit("activity.ended", {
      activityId: "a1",
      agreementId: second.agreementId,
      usage: [1, 2],
    });
    const [busyEnded] = await sessionEvents("busy", busyApproved!.eventDate);
    assert.equal(busyEnded!.reason!["golem.provider.code"], "NoActivity");
  });

  test("a single-activity agreement ends with Success when its activity ends", async () => {
    const { agreementId } = await approvedAgreement(devnet, {
      providerId: id("ibis"),
      appSessionId: "single",
    });
    const [approved] = await sessionEvents("single");
    devnet.context.bus.emit("activity.created", { activityId: "s1", agreementId });
    devnet.context.bus.emit("activity.ended", { activityId: "s1", agreementId, usage: [0, 0] });
    const [ended] = await sessionEvents("single", approved!.eventDate);
    assert.equal(ended!.terminator, "Provider");
    assert.deepEqual(ended!.reason, { message: "Finished with success.", "golem.provider.code": "Success" });
    assert.equal(devnet.context.market.agreement(agreementId)!.state, "Terminated");
  });

  test("MarketPort.terminateByProvider ends an Approved agreement with the provider's reason", async () => {
    const { agreementId } = await approvedAgreement(devnet, {
      providerId: id("stoat"),
      appSessionId: "port",
    });
    const terminated: string[] = [];
    const listener = (e: { agreementId: string; terminator: string }) =>
      terminated.push(`${e.agreementId} ${e.terminator}`);
    devnet.context.bus.on("agreement.terminated", listener);
    const reason = {
      message: "Requestor isn't accepting DebitNotes in time (4m)",
      "golem.provider.code": "DebitNotesDeadline",
    };
    devnet.context.market.terminateByProvider(agreementId, reason);
    devnet.context.market.terminateByProvider(agreementId, reason);
    devnet.context.bus.off("agreement.terminated", listener);
    assert.deepEqual(terminated, [`${agreementId} Provider`]);
    const why = await call<{ terminator: string; reason: unknown }>(
      devnet,
      "GET",
      `${MARKET}/agreements/${agreementId}/terminate/reason`,
    );
    assert.deepEqual([why.body.terminator, why.body.reason], ["Provider", reason]);
    assert.equal(devnet.context.market.agreement("f".repeat(64)), undefined);
  });

  test("httpErrorRate: wait on a flaky provider's agreement fails with its configured status", async () => {
    for (const [name, status] of [
      ["crane", 408],
      ["kite", 500],
    ] as const) {
      const { draft } = await negotiateDraft(devnet, { providerId: id(name) });
      const { body: agreementId } = await call<string>(devnet, "POST", `${MARKET}/agreements`, {
        proposalId: draft.proposalId,
        validTo: inAnHour(),
      });
      await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/confirm`);
      const r = await call<{ message: string }>(
        devnet,
        "POST",
        `${MARKET}/agreements/${agreementId}/wait?timeout=1`,
      );
      assert.equal(r.status, status);
      assert.match(r.body.message, status === 408 ? /^Timeout$/ : /^GSB error: .*endpoint address not found/);
    }
  });
});
