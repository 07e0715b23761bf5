// The agreement and activity machines bound to the real REST actors of services/actors,
// against an in-process devnet: a draft negotiated with the services API becomes an
// approved agreement, an activity runs real commands on it, and both end cleanly; a
// provider that never approves, and one whose exe-unit crashes, end them as they should.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import {
  type ActorRefFrom,
  type AnyEventObject,
  type AnyStateMachine,
  createActor,
  createMachine,
  type InputFrom,
  toPromise,
  waitFor,
} from "xstate";
import type { ProviderConfig } from "../../devnet/index.js";
import { activityMachine } from "../../machines/activity.machine.js";
import { agreementMachine } from "../../machines/agreement.machine.js";
import { type ActivityActorOptions, activityActors } from "../../services/actors/activity.actors.js";
import { agreementActors } from "../../services/actors/agreement.actors.js";
import type { OfferProposal, Subscription } from "../../services/index.js";
import { trackCoverage } from "../machines/coverage.js";
import { demandFor, type Harness, newAllocation, startHarness } from "../services/harness.js";

/** A machine under a recording parent, on the real clock (the REST calls take real time). */
function underParent<M extends AnyStateMachine>(
  machine: M,
  input: InputFrom<M>,
  coverageOf: AnyStateMachine,
) {
  const received: AnyEventObject[] = [];
  const waiters: { type: string; resolve: (e: AnyEventObject) => void }[] = [];
  const parent = createMachine({
    id: "executorParent",
    invoke: { id: "child", src: machine, input },
    on: {
      "*": {
        actions: ({ event }) => {
          received.push(event);
          for (const w of waiters.filter((w) => w.type === event.type)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        },
      },
    },
  });
  const actor = createActor(parent, { inspect: trackCoverage(coverageOf) }).start();
  return {
    child: actor.getSnapshot().children.child as ActorRefFrom<M>,
    received,
    /** The next event of `type` the parent receives. */
    next: (type: string) => new Promise<AnyEventObject>((resolve) => waiters.push({ type, resolve })),
    stop: () => actor.stop(),
  };
}

/** Negotiates with the services API until the provider's draft arrives. */
async function negotiateDraft(h: Harness): Promise<{ draft: OfferProposal; subscription: Subscription }> {
  const demand = await demandFor(h, await newAllocation(h));
  const subscription = await h.api.market.subscribe(demand.properties, demand.constraints);
  for await (const proposal of subscription.events({ pollTimeoutMs: 2000 })) {
    if (proposal.isDraft) return { draft: proposal, subscription };
    await proposal.respond(demand.properties, demand.constraints);
  }
  throw new Error("the subscription ended before a draft came");
}

/** A devnet with one provider, a draft from it, and the agreement machine started on it. */
async function agreementOn(provider: ProviderConfig, seed: string, timeouts = {}) {
  const h = await startHarness({ seed, providers: [provider] }, { requestTimeoutMs: 5_000 });
  const { draft, subscription } = await negotiateDraft(h);
  const drafts = new Map([[draft.id, draft]]);
  const bound = agreementMachine.provide({
    actors: agreementActors(h.api.market, drafts, { approvalPollMs: 1_000 }),
  });
  const multiActivity = draft.props["golem.srv.caps.multi-activity"] === true;
  const agreement = underParent(
    bound,
    { proposalId: draft.id, providerId: draft.issuer, providerName: provider.name, multiActivity, timeouts },
    agreementMachine,
  );
  return {
    h,
    agreement,
    drafts,
    async stop() {
      agreement.stop();
      await subscription.delete();
      await h.stop();
    },
  };
}

const sh = (script: string) => ({
  run: {
    entry_point: "/bin/sh",
    args: ["-c", script],
    capture: { stdout: { atEnd: {} }, stderr: { atEnd: {} } },
  },
});

describe("agreement and activity machines on the devnet", { timeout: 30_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  // `.provide()` below type-checks each actor's input and output against the placeholder;
  // this checks that every placeholder gets one.
  test("the REST actors cover every placeholder of the machines", () => {
    const placeholders = (m: AnyStateMachine) => Object.keys(m.implementations.actors).sort();
    assert.deepEqual(
      Object.keys(agreementActors({} as never, new Map())).sort(),
      placeholders(agreementMachine),
    );
    assert.deepEqual(Object.keys(activityActors({} as never)).sort(), placeholders(activityMachine));
  });

  test("approved agreement, activity through deploy, batches with real output, destroy, terminate", async () => {
    const run = await agreementOn({ name: "lynx" }, "executor-happy");
    cleanups.push(run.stop);
    const { agreement, h } = run;
    const snapshot = await waitFor(agreement.child, (s) => s.value === "idle", { timeout: 10_000 });
    const agreementId = snapshot.context.agreementId!;
    assert.equal(run.drafts.size, 0, "the draft is used once");
    assert.deepEqual(
      agreement.received.map((e) => e.type),
      ["agreement.created", "agreement.approved"],
    );
    assert.equal((await h.api.market.agreement(agreementId).details()).state, "Approved");
    agreement.child.send({ type: "agreement.acquire", workerId: "worker-0" });

    const chunks: string[] = [];
    const opts: ActivityActorOptions = {
      onCommandEvent: ({ batchId, event }) => {
        if (event.kind === "stdout") chunks.push(`${batchId}:${String(event.output)}`);
      },
    };
    const bound = activityMachine.provide({ actors: activityActors(h.api.activity, opts) });
    const activity = underParent(bound, { agreementId }, activityMachine);
    const ready = await activity.next("activity.ready");
    const activityId = String(ready.activityId);
    assert.deepEqual((await h.api.activity.activity(activityId).state()).state, ["Ready", null]);

    const finished = activity.next("batch.finished");
    activity.child.send({ type: "batch.run", batchId: "b1", commands: [sh("echo hello")], stream: false });
    assert.deepEqual(await finished, {
      type: "batch.finished",
      agreementId,
      batchId: "b1",
      results: [
        {
          index: 0,
          command: sh("echo hello"),
          success: true,
          message: null,
          stdout: "hello\n",
          stderr: null,
        },
      ],
    });

    // Streaming, a failing command, then the activity is still usable.
    const streamed = activity.next("batch.finished");
    const streamCmd = {
      run: { entry_point: "/bin/echo", args: ["chunk"], capture: { stdout: { stream: {} } } },
    };
    activity.child.send({ type: "batch.run", batchId: "b2", commands: [streamCmd], stream: true });
    assert.equal((await streamed).results[0].stdout, "chunk\n");
    assert.deepEqual(chunks, ["b2:chunk\n"]);
    const failed = activity.next("batch.failed");
    activity.child.send({
      type: "batch.run",
      batchId: "b3",
      commands: [sh("echo oops >&2; exit 3")],
      stream: false,
    });
    const { error } = await failed;
    assert.equal(error.name, "CommandExecutionError");
    assert.equal(error.stderr, "oops\n");
    assert.deepEqual(error.command, sh("echo oops >&2; exit 3"));
    assert.equal(activity.child.getSnapshot().value, "ready");
    const late = activity.next("batch.failed");
    activity.child.send({
      type: "batch.run",
      batchId: "b4",
      commands: [sh("sleep 5")],
      stream: false,
      timeoutMs: 300,
    });
    assert.equal((await late).error.name, "BatchTimeoutError");
    assert.equal(activity.child.getSnapshot().value, "ready");

    activity.child.send({ type: "activity.stop" });
    assert.deepEqual(await toPromise(activity.child), { agreementId, activityId, outcome: "destroyed" });
    assert.deepEqual((await h.api.activity.activity(activityId).state()).state, ["Terminated", null]);

    agreement.child.send({ type: "agreement.release", reusable: true });
    assert.equal(
      agreement.child.getSnapshot().value,
      "idle",
      "a multi-activity agreement goes back to the pool",
    );
    const reason = { message: "Computation finished", "golem.requestor.code": "Success" };
    agreement.child.send({ type: "agreement.terminate", reason });
    assert.deepEqual(await toPromise(agreement.child), {
      proposalId: snapshot.context.proposalId,
      agreementId,
      outcome: "terminated",
      reason,
    });
    const ended = await h.api.market.agreement(agreementId).terminationReason();
    assert.equal(ended.terminator, "Requestor");
    assert.deepEqual(ended.reason, reason);
    assert.deepEqual(
      agreement.received.filter((e) => !e.type.startsWith("xstate.")).map((e) => e.type),
      ["agreement.created", "agreement.approved", "agreement.ended"],
    );
  });

  test("a provider that never approves: the agreement expires and is cancelled on the daemon", async () => {
    const run = await agreementOn({ name: "heron", faults: { neverApprove: true } }, "executor-expire", {
      approvalTimeoutMs: 300,
    });
    cleanups.push(run.stop);
    const out = await toPromise(run.agreement.child);
    assert.equal(out.outcome, "expired");
    assert.match(String(out.reason?.message), /Not approved by the provider within 300 ms/);
    assert.equal((await run.h.api.market.agreement(out.agreementId!).details()).state, "Cancelled");
    assert.deepEqual(
      run.agreement.received.filter((e) => !e.type.startsWith("xstate.")).map((e) => e.type),
      ["agreement.created", "agreement.ended"],
    );
  });

  test("an exe-unit that crashes: the activity ends failed, the agreement is then terminated", async () => {
    const run = await agreementOn({ name: "otter", faults: { crashRate: 1 } }, "executor-crash");
    cleanups.push(run.stop);
    const { agreement, h } = run;
    const { context } = await waitFor(agreement.child, (s) => s.value === "idle", { timeout: 10_000 });
    const bound = activityMachine.provide({ actors: activityActors(h.api.activity) });
    const activity = underParent(bound, { agreementId: context.agreementId! }, activityMachine);
    const out = await toPromise(activity.child);
    assert.equal(out.outcome, "failed");
    assert.equal(out.reason?.error, "ActivityTerminatedError");
    assert.deepEqual(
      activity.received.filter((e) => !e.type.startsWith("xstate.")).map((e) => e.type),
      ["activity.created", "activity.ended"],
    );
    agreement.child.send({ type: "agreement.terminate", reason: { message: "Exe-unit crashed" } });
    assert.equal((await toPromise(agreement.child)).outcome, "terminated");
  });
});
