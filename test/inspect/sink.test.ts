// The sink turns each kind of xstate inspection event into protocol messages: machine
// definitions once, actors with parent and kind, events with a few fields, microsteps as
// steps, snapshots with active state ids, and pending timers (named delays, delayed raise,
// cancel, firing, actor stop) on a simulated clock.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createActor, waitFor } from "xstate";
import type {
  ActorMessage,
  EventMessage,
  InspectMessage,
  SnapshotMessage,
  StepMessage,
  TimersMessage,
} from "../../src/inspect/protocol.js";
import { Secrets } from "../../src/inspect/redact.js";
import { InspectSink } from "../../src/inspect/sink.js";
import { collectingSink, parentMachine } from "./machines.js";

function of<T extends InspectMessage["t"]>(
  messages: InspectMessage[],
  t: T,
): Extract<InspectMessage, { t: T }>[] {
  return messages.filter((m): m is Extract<InspectMessage, { t: T }> => m.t === t);
}

async function started() {
  const { sink, clock, messages } = collectingSink();
  const actor = createActor(parentMachine, { clock, id: "agreement", inspect: sink.inspect }).start();
  await waitFor(actor, (s) => s.matches({ active: "waiting" }));
  sink.drain();
  return { sink, clock, messages, actor };
}

describe("inspector sink", () => {
  test("machine definitions come once, before the first actor using each", async () => {
    const { messages } = await started();
    const machines = of(messages, "machine");
    assert.deepEqual(
      machines.map((m) => m.key.split("@")[0]),
      ["agreement", "task"],
    );
    for (const m of machines) {
      const firstActor = messages.findIndex((x) => x.t === "actor" && x.machine === m.key);
      assert.ok(messages.indexOf(m) < firstActor, `${m.key} precedes its actor`);
    }
    assert.equal(new Set(machines.map((m) => m.key)).size, machines.length);
  });

  test("actors carry their parent's session id, name and kind", async () => {
    const { messages, actor } = await started();
    const actors = of(messages, "actor");
    const root = actors.find((a) => a.name === "agreement") as ActorMessage;
    assert.equal(root.id, actor.sessionId);
    assert.equal(root.parent, undefined);
    assert.equal(root.kind, "agreement");
    const child = actors.find((a) => a.name === "task:1") as ActorMessage;
    assert.equal(child.parent, actor.sessionId);
    assert.equal(child.kind, "task");
    const promise = actors.find((a) => a.name === "load") as ActorMessage;
    assert.equal(promise.kind, "other");
    assert.equal(promise.machine, undefined);
  });

  test("events name receiver, sender and type; steps name the edges taken", async () => {
    const { messages, actor } = await started();
    const done = of(messages, "event").find((e) => e.type === "xstate.done.actor.load") as EventMessage;
    assert.equal(done.to, actor.sessionId);
    assert.ok(done.from !== undefined && done.from !== actor.sessionId);
    assert.equal(done.data?.actorId, "load");
    const step = of(messages, "step").find((s) => s.event === "xstate.done.actor.load") as StepMessage;
    assert.deepEqual(step.edges, [
      { source: "agreement.loading", targets: ["agreement.active"], event: "xstate.done.actor.load" },
    ]);
  });

  test("snapshots give status, value, every active state id and the projected context", async () => {
    const { messages, actor } = await started();
    const last = of(messages, "snapshot")
      .filter((s) => s.id === actor.sessionId)
      .at(-1) as SnapshotMessage;
    assert.equal(last.status, "active");
    assert.deepEqual(last.value, { active: "waiting" });
    assert.deepEqual(last.active, ["agreement", "agreement.active", "agreement.active.waiting"]);
    assert.deepEqual(last.context, { providerName: "prov-a" });
    const promise = of(messages, "snapshot").find((s) => s.status === "done" && s.output !== undefined);
    assert.deepEqual(promise?.output, { agreementId: "ag-1" });
  });

  test("timers: a named delay and a delayed raise, then firing, cancelling and stopping", async () => {
    const { sink, clock, messages, actor } = await started();
    const timersOf = () => of(messages, "timers").filter((t) => t.id === actor.sessionId);
    const first = timersOf().at(-1) as TimersMessage;
    assert.deepEqual(
      first.timers.map((t) => [t.id, t.event, t.delay, t.ms]),
      [
        ["ping", "PING", undefined, 100],
        [
          "xstate.after.approvalTimeout.agreement.active.waiting",
          "xstate.after.approvalTimeout.agreement.active.waiting",
          "approvalTimeout",
          500,
        ],
      ],
    );
    assert.equal(first.timers[0]!.firesAt, first.at + 100);
    clock.increment(100);
    sink.drain();
    assert.deepEqual(
      (timersOf().at(-1) as TimersMessage).timers.map((t) => t.id),
      ["xstate.after.approvalTimeout.agreement.active.waiting"],
      "the PING fired",
    );
    assert.ok(
      of(messages, "event").some((e) => e.type === "GO"),
      "PING made the parent send GO",
    );
    actor.stop();
    sink.drain();
    assert.deepEqual((timersOf().at(-1) as TimersMessage).timers, [], "a stopped actor has no timers");
    assert.equal(messages.at(-1)?.t, "end", "the root stopping ends the run");
  });

  test("timers: a cancelled delayed raise leaves the list", async () => {
    const { sink, messages, actor } = await started();
    actor.send({ type: "NUDGE" });
    sink.drain();
    const timers = of(messages, "timers")
      .filter((t) => t.id === actor.sessionId)
      .at(-1) as TimersMessage;
    assert.deepEqual(
      timers.timers.map((t) => t.id),
      ["xstate.after.approvalTimeout.agreement.active.waiting"],
    );
  });

  test("a named delay that fires ends in its target; events are encoded off the hot path", async () => {
    const { sink, clock, messages, actor } = await started();
    const before = messages.length;
    clock.increment(500);
    assert.equal(messages.length, before, "nothing is encoded inside xstate's call");
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.ok(messages.length > before, "the batch was encoded on setImmediate");
    assert.equal(actor.getSnapshot().value, "expired");
    const end = of(messages, "snapshot")
      .filter((s) => s.id === actor.sessionId)
      .at(-1) as SnapshotMessage;
    assert.equal(end.status, "done");
    assert.deepEqual(end.active, ["agreement", "agreement.expired"]);
    assert.equal(sink.stats.errors, 0);
  });

  test("a full queue drops and counts; a closed sink drops and counts", () => {
    const messages: InspectMessage[] = [];
    const sink = new InspectSink({
      secrets: new Secrets(),
      consumer: (batch) => messages.push(...batch),
      maxQueue: 3,
    });
    const actor = createActor(parentMachine, { inspect: sink.inspect }).start();
    assert.ok(sink.stats.dropped > 0, "events beyond the queue's bound were dropped");
    assert.equal(sink.stats.captured, 3);
    sink.drain();
    assert.equal(messages[0]?.t, "dropped");
    assert.equal((messages[0] as { count: number }).count, sink.stats.dropped);
    sink.close();
    const dropped = sink.stats.dropped;
    actor.stop();
    assert.ok(sink.stats.dropped > dropped);
  });

  test("a consumer that throws never reaches xstate", () => {
    const sink = new InspectSink({
      secrets: new Secrets(),
      consumer: () => {
        throw new Error("viewer bug");
      },
    });
    const actor = createActor(parentMachine, { inspect: sink.inspect }).start();
    sink.drain();
    assert.equal(sink.stats.errors, 1);
    assert.equal(actor.getSnapshot().status, "active");
    actor.stop();
  });
});
