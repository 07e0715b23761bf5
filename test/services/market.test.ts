import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ApiError, type PropertyModel } from "../../services/index.js";
import { checkSchemas, demandFor, type Harness, negotiate, newAllocation, startHarness } from "./harness.js";

describe("market against the devnet", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      seed: "market",
      providers: [
        { name: "lynx" },
        { name: "sloth", faults: { neverApprove: true } },
        { name: "grump", subnet: "grumpy", faults: { rejectProposals: true } },
      ],
    });
  });
  after(() => h.stop());

  test("subscribe, list with details, unsubscribe (twice is harmless)", async () => {
    const allocation = await newAllocation(h);
    const demand = await demandFor(h, allocation);
    const sub = await h.api.market.subscribe(demand.properties, demand.constraints);
    const listed = (await h.api.market.subscriptions()).find((s) => s.id === sub.id);
    assert.ok(listed?.details, "the new demand is listed");
    assert.equal(listed.details.constraints, demand.constraints);
    assert.equal(listed.details.properties["golem.node.debug.subnet"], "public");
    await sub.delete();
    assert.equal(sub.closed, true);
    await sub.delete();
    await h.api.market.subscription(sub.id).delete();
    assert.equal(
      (await h.api.market.subscriptions()).find((s) => s.id === sub.id),
      undefined,
    );
  });

  test("events() ends when the demand is unsubscribed under a pending long poll (404)", async () => {
    const allocation = await newAllocation(h);
    const demand = await demandFor(h, allocation, { "golem.node.debug.subnet": "nobody-here" });
    const sub = await h.api.market.subscribe(demand.properties, "(golem.node.debug.subnet=nobody-here)");
    const seen: string[] = [];
    const reading = (async () => {
      for await (const p of sub.events({ pollTimeoutMs: 3000 })) seen.push(p.id);
    })();
    await h.api.market.subscription(sub.id).delete();
    await reading;
    assert.deepEqual(seen, []);
    assert.equal(sub.closed, true);
  });

  test("an expired subscription ends its feed too", async () => {
    const short = await startHarness({ seed: "market-ttl", subscriptionTtlSec: 1 });
    try {
      const sub = await short.api.market.subscribe(
        { "golem.srv.comp.expiration": Date.now() + 600_000 },
        "(x=nobody)",
      );
      const started = Date.now();
      for await (const _ of sub.events({ pollTimeoutMs: 5000 })) assert.fail("no offer matches");
      assert.equal(sub.closed, true);
      assert.ok(Date.now() - started < 5000, "the 404 came when the demand expired, not at the poll's end");
    } finally {
      await short.stop();
    }
  });

  test("negotiation: offer, counter, draft, reading a proposal, rejecting one", async () => {
    const allocation = await newAllocation(h);
    const demand = await demandFor(h, allocation);
    const sub = await h.api.market.subscribe(demand.properties, demand.constraints);
    const names = new Map(h.devnet.providers.map((p) => [p.id, p.name]));
    let counterId: string | undefined;
    let rejected = false;
    try {
      for await (const proposal of sub.events({ pollTimeoutMs: 2000 })) {
        assert.ok(names.has(proposal.issuer), "proposals come from devnet providers");
        if (proposal.isDraft) {
          assert.equal(proposal.state, "Draft");
          assert.equal(proposal.prevProposalId, counterId);
          assert.equal(names.get(proposal.issuer), "lynx");
          const again = await sub.proposal(proposal.id);
          assert.deepEqual(again.props, proposal.props);
          break;
        }
        assert.equal(proposal.state, "Initial");
        assert.equal(proposal.prevProposalId, undefined);
        assert.equal(typeof proposal.props["golem.com.pricing.model"], "string");
        if (names.get(proposal.issuer) === "sloth" && !rejected) {
          await proposal.reject("Score too low");
          rejected = true;
          continue;
        }
        if (names.get(proposal.issuer) === "lynx")
          counterId = await proposal.respond(demand.properties, demand.constraints);
      }
      assert.match(counterId ?? "", /^R-[0-9a-f]{64}$/);
      assert.equal(rejected, true);
      const mine = await sub.proposal(counterId!);
      assert.equal(mine.issuer, h.devnet.identity);
    } finally {
      await sub.delete();
    }
  });

  test("a provider's rejection of our counter-proposal arrives as a rejection event", async () => {
    const allocation = await newAllocation(h);
    const demand = await demandFor(h, allocation, { "golem.node.debug.subnet": "grumpy" });
    const constraints = demand.constraints.replace("subnet=public", "subnet=grumpy");
    const sub = await h.api.market.subscribe(demand.properties, constraints);
    try {
      let counterId: string | undefined;
      for await (const ev of sub.negotiationEvents({ pollTimeoutMs: 2000 })) {
        if (ev.kind === "proposal") {
          counterId = await ev.proposal.respond(demand.properties, constraints);
          continue;
        }
        assert.equal(ev.proposalId, counterId);
        assert.equal(typeof ev.reason?.message, "string");
        break;
      }
      assert.ok(counterId);
    } finally {
      await sub.delete();
    }
  });

  test("agreement: create, confirm, details and views, list, events, terminate, reason", async () => {
    const since = new Date();
    const allocation = await newAllocation(h);
    const { agreement, subscription } = await negotiate(h, await demandFor(h, allocation));
    const events = h.api.market.agreementEvents({ since, pollTimeoutMs: 2000 });
    try {
      const details = await agreement.details();
      assert.equal(details.id, agreement.id);
      assert.equal(details.state, "Approved");
      assert.equal(details.demandId, subscription.id);
      assert.equal(details.providerView.properties["golem.node.id.name"], "lynx");
      const nameModel: PropertyModel<{ name: string }> = {
        fromProperties: (p) => ({ name: String(p["golem.node.id.name"]) }),
      };
      assert.deepEqual(details.providerView.extract(nameModel), { name: "lynx" });
      assert.equal(details.requestorView.properties["golem.node.debug.subnet"], "public");
      assert.ok(details.validTo.getTime() > Date.now());

      const listed = await h.api.market.agreements({ state: "Approved" });
      assert.ok(listed.some((a) => a.id === agreement.id));

      const approved = await events.next();
      assert.equal(approved.value?.eventType, "AgreementApprovedEvent");
      assert.equal(approved.value?.agreementId, agreement.id);

      assert.equal(await agreement.terminate({ message: "Done", "golem.requestor.code": "Success" }), true);
      assert.equal(await agreement.terminate(), false, "a second terminate is refused (410)");
      const terminated = await events.next();
      assert.equal(terminated.value?.eventType, "AgreementTerminatedEvent");
      assert.equal(
        terminated.value?.eventType === "AgreementTerminatedEvent" && terminated.value.terminator,
        "Requestor",
      );
      const why = await agreement.terminationReason();
      assert.equal(why.terminator, "Requestor");
      assert.equal(why.reason?.message, "Done");
      assert.equal((await agreement.details()).state, "Terminated");
    } finally {
      await events.return(undefined);
      await subscription.delete();
    }
  });

  test("confirm() is false when the provider never approves; cancel() then ends it", async () => {
    const allocation = await newAllocation(h);
    const demand = await demandFor(h, allocation);
    const sub = await h.api.market.subscribe(demand.properties, demand.constraints);
    const sloth = h.devnet.providers.find((p) => p.name === "sloth")!.id;
    try {
      for await (const proposal of sub.events({ pollTimeoutMs: 2000 })) {
        if (proposal.issuer !== sloth) continue;
        if (!proposal.isDraft) {
          await proposal.respond(demand.properties, demand.constraints);
          continue;
        }
        const agreement = await proposal.createAgreement(new Date(Date.now() + 600_000));
        assert.equal(await agreement.confirm({ timeoutMs: 300 }), false);
        assert.equal((await agreement.details()).state, "Pending");
        assert.equal(await agreement.cancel({ message: "Too slow" }), true);
        assert.equal((await agreement.details()).state, "Cancelled");
        assert.equal(await agreement.confirm(), false, "a cancelled agreement cannot be confirmed (410)");
        break;
      }
    } finally {
      await sub.delete();
    }
  });

  test("an unknown agreement is an ApiError 404 with the daemon's message", async () => {
    await assert.rejects(h.api.market.agreement("0".repeat(64)).details(), (err: unknown) => {
      assert.ok(err instanceof ApiError && err.status === 404 && err.api === "market");
      assert.match(err.message, /^GET \/market-api\/v1\/agreements\/0{64} failed with 404/);
      return true;
    });
  });

  test("every exchange matches the OpenAPI schemas", (t) => checkSchemas(t, h.exchanges));
});
