import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { InspectMessage, SnapshotMessage } from "../../src/inspect/protocol.js";
import { Ring } from "../../visualizations/viewer/model/ring.js";
import { Store, stateText } from "../../visualizations/viewer/model/store.js";

const hello = (at = 1000): InspectMessage => ({ t: "hello", v: 1, mode: "live", at, sdk: "0.1.0" });
const synced = (at = 1000): InspectMessage => ({ t: "synced", at });

/** A computation with one agreement, one task and one finished promise actor. */
function run(): InspectMessage[] {
  return [
    { t: "actor", at: 1000, id: "x:0", name: "computation", kind: "computation", machine: "computation@1" },
    {
      t: "actor",
      at: 1001,
      id: "x:1",
      name: "agreement:p1",
      parent: "x:0",
      kind: "agreement",
      machine: "agreement@1",
    },
    { t: "actor", at: 1002, id: "x:2", name: "createAgreement", parent: "x:1", kind: "other" },
    { t: "actor", at: 1003, id: "x:3", name: "task:1", parent: "x:0", kind: "task", machine: "task@1" },
    snap("x:1", { active: "inUse" }, 1010, { workerId: "worker-1", providerName: "alpha" }),
    { t: "snapshot", at: 1011, id: "x:2", status: "done", active: [] },
  ];
}

function snap(
  id: string,
  value: SnapshotMessage["value"],
  at: number,
  context?: SnapshotMessage["context"],
  status: SnapshotMessage["status"] = "active",
): SnapshotMessage {
  return { t: "snapshot", at, id, status, value, active: [], ...(context === undefined ? {} : { context }) };
}

function feed(store: Store, messages: InspectMessage[]): void {
  for (const m of messages) store.apply(m);
}

describe("Store", () => {
  test("builds the actor tree with states; finished promise actors leave it", () => {
    const store = new Store();
    feed(store, [hello(), ...run(), synced()]);
    assert.equal(store.status, "live");
    assert.deepEqual(
      store.roots().map((a) => a.name),
      ["computation"],
    );
    assert.deepEqual(store.actor("x:0")?.children, ["x:1", "x:3"]);
    assert.equal(store.actor("x:1")?.state, "active.inUse");
    assert.equal(store.actor("x:3")?.state, "active", "no snapshot yet: still the initial guess");
    assert.equal(store.actor("x:2"), undefined);
    assert.deepEqual(store.actor("x:1")?.children, []);
  });

  test("children announced before their parent are adopted", () => {
    const store = new Store();
    feed(store, [
      { t: "actor", at: 1, id: "x:5", name: "task:9", parent: "x:4", kind: "task" },
      { t: "actor", at: 2, id: "x:4", name: "computation", kind: "computation" },
    ]);
    assert.deepEqual(
      store.roots().map((a) => a.id),
      ["x:4"],
    );
    assert.deepEqual(store.actor("x:4")?.children, ["x:5"]);
  });

  test("a resync replaces the state at `synced`: until then the old state shows", () => {
    const store = new Store();
    feed(store, [hello(), ...run(), synced()]);
    store.takeChanges();
    store.apply({ t: "dropped", at: 2000, count: 40 });
    store.apply({ t: "actor", at: 2001, id: "x:0", name: "computation", kind: "computation" });
    store.apply(snap("x:0", "finished", 2002, undefined, "done"));
    assert.ok(store.actor("x:1"), "the old state stays until synced");
    store.apply(synced(2003));
    assert.equal(store.actor("x:1"), undefined, "an actor the resync no longer lists is gone");
    assert.equal(store.actor("x:0")?.status, "done");
    assert.equal(store.dropped, 40);
    const changes = store.takeChanges();
    assert.ok(changes.tree && changes.log && changes.timers);
  });

  test("status follows hello, synced, end and the connection", () => {
    const store = new Store();
    assert.equal(store.status, "connecting");
    feed(store, [{ ...hello(), mode: "replay" } as InspectMessage, synced()]);
    assert.equal(store.status, "replay");
    store.apply({ t: "end", at: 5 });
    assert.equal(store.status, "ended");
    store.connection("disconnected");
    assert.equal(store.status, "ended", "a run that ended stays ended when the relay goes");
    const live = new Store();
    feed(live, [hello(), synced()]);
    live.connection("disconnected");
    assert.equal(live.status, "disconnected");
  });

  test("timers: per actor, soonest first, gone when emptied or when the actor ends", () => {
    const store = new Store();
    feed(store, [hello(), ...run(), synced()]);
    store.apply({
      t: "timers",
      at: 1,
      id: "x:1",
      timers: [
        {
          id: "a",
          event: "xstate.after.approvalTimeout.agreement.confirming",
          delay: "approvalTimeout",
          ms: 500,
          firesAt: 900,
        },
      ],
    });
    store.apply({
      t: "timers",
      at: 1,
      id: "x:0",
      timers: [{ id: "b", event: "xstate.after.x", ms: 100, firesAt: 500 }],
    });
    assert.deepEqual(
      store.timers().map((t) => [t.actor, t.firesAt]),
      [
        ["x:0", 500],
        ["x:1", 900],
      ],
    );
    store.apply({ t: "timers", at: 2, id: "x:0", timers: [] });
    store.apply(snap("x:1", "terminated", 3, undefined, "done"));
    assert.deepEqual(store.timers(), []);
  });

  test("the event log is bounded and keeps the newest, with actor names", () => {
    const store = new Store({ logSize: 3 });
    feed(store, [hello(), ...run(), synced()]);
    for (let i = 0; i < 5; i++)
      store.apply({ t: "event", at: 2000 + i, to: "x:1", from: "x:0", type: `e${i}` });
    assert.deepEqual(
      store.events().map((e) => e.type),
      ["e2", "e3", "e4"],
    );
    assert.equal(store.events()[0]?.toName, "agreement:p1");
    assert.equal(store.events()[0]?.fromName, "computation");
  });

  test("timelines: task states with workers, providers from agreements, runs per provider", () => {
    const store = new Store();
    feed(store, [hello(), ...run(), synced()]);
    const task = (value: string, at: number, workerId?: string, retries = 0) =>
      snap(
        "x:3",
        value,
        at,
        { taskId: "1", retries, ...(workerId ? { workerId } : {}) },
        value === "accepted" ? "done" : "active",
      );
    feed(store, [
      task("queued", 1100),
      task("assigned", 1200, "worker-1"),
      task("running", 1300, "worker-1"),
      task("queued", 1400, undefined, 1),
      task("assigned", 1500, "worker-2", 1),
      task("running", 1600, "worker-2", 1),
      task("accepted", 1700, undefined, 1),
    ]);
    const [timeline] = store.timelines.tasks();
    assert.equal(timeline?.retries, 1);
    assert.deepEqual(
      timeline?.segments.map((s) => [s.state, s.from, s.to]),
      [
        ["queued", 1100, 1200],
        ["assigned", 1200, 1300],
        ["running", 1300, 1400],
        ["queued", 1400, 1500],
        ["assigned", 1500, 1600],
        ["running", 1600, 1700],
        ["accepted", 1700, undefined],
      ],
    );
    // worker-2's provider is only known from the computation's projection.
    store.apply(
      snap("x:0", { live: "working" }, 1800, { workers: { "worker-2": { providerName: "beta", tasks: 1 } } }),
    );
    assert.deepEqual(Object.fromEntries(store.timelines.byProvider()), {
      alpha: [{ task: "task:1", from: 1200, to: 1400, result: "requeued" }],
      beta: [{ task: "task:1", from: 1500, to: 1700, result: "accepted" }],
    });
    assert.deepEqual(store.timelines.span(), [1100, 1700]);
  });

  test("timelines survive a resync of the same run, not a new run", () => {
    const store = new Store();
    feed(store, [hello(1000), ...run(), synced(), snap("x:3", "queued", 1100, { retries: 0 })]);
    feed(store, [hello(1000), ...run(), snap("x:3", "queued", 1100, { retries: 0 }), synced()]);
    assert.equal(store.timelines.tasks()[0]?.segments.length, 1, "the replayed snapshot adds nothing");
    feed(store, [hello(9000), synced()]);
    assert.deepEqual(store.timelines.tasks(), []);
  });
});

test("now: the wall clock in a live run, the latest message's time in a replay", () => {
  const live = new Store();
  feed(live, [hello(1000), ...run(), synced()]);
  assert.equal(live.now(50_000), 50_000);
  const replay = new Store();
  feed(replay, [{ t: "hello", v: 1, mode: "replay", at: 1000, sdk: "0.1.0" }, ...run(), synced(1005)]);
  assert.equal(replay.now(50_000), 1011);
});

test("stateText: dotted paths, parallel regions in parentheses", () => {
  assert.equal(stateText("idle"), "idle");
  assert.equal(stateText({ active: "inUse" }), "active.inUse");
  assert.equal(
    stateText({ live: { working: { running: { market: "collecting", proposals: "awaiting" } } } }),
    "live.working.running(market.collecting, proposals.awaiting)",
  );
  assert.equal(stateText(undefined), "");
});

test("Ring keeps the newest items in order and refuses a bad capacity", () => {
  const ring = new Ring<number>(3);
  for (let i = 1; i <= 7; i++) ring.push(i);
  assert.deepEqual(ring.items(), [5, 6, 7]);
  assert.equal(ring.size, 3);
  assert.throws(() => new Ring(0), /capacity must be a positive integer, got 0/);
});
