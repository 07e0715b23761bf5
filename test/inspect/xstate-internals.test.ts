// Pins the xstate internals the inspector relies on, so that an xstate upgrade that
// changes them fails here, loudly, naming what moved, instead of showing wrong charts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createActor, type InspectionEvent, SimulatedClock, waitFor } from "xstate";
import { parentMachine } from "./machines.js";

const HINT =
  "xstate internals the inspector relies on changed (src/inspect/encode.ts, timers.ts, definition.ts):";

test("xstate's inspection events still have the shapes the sink reads", async () => {
  const clock = new SimulatedClock();
  const events: InspectionEvent[] = [];
  const actor = createActor(parentMachine, { clock, inspect: (e) => events.push(e) }).start();
  await waitFor(actor, (s) => s.matches({ active: "waiting" }));

  const child = events.find(
    (e) => e.type === "@xstate.actor" && (e.actorRef as { id?: string }).id === "task:1",
  );
  const parentRef = (child?.actorRef as { _parent?: { sessionId?: unknown } } | undefined)?._parent;
  assert.equal(parentRef?.sessionId, actor.sessionId, `${HINT} actorRef._parent.sessionId names the parent`);
  assert.equal(child?.rootId, actor.sessionId, `${HINT} rootId is the root's session id`);

  const logic = actor.logic as unknown as {
    toJSON(): Record<string, unknown>;
    root: { transitions: unknown; states: unknown };
  };
  const json = logic.toJSON();
  assert.deepEqual(
    ["id", "key", "type", "initial", "states", "on", "transitions", "invoke"].filter((k) => !(k in json)),
    [],
    `${HINT} logic.toJSON() fields`,
  );
  assert.ok(logic.root.transitions instanceof Map, `${HINT} logic.root.transitions is a Map`);
  assert.equal(typeof logic.root.states, "object", `${HINT} logic.root.states`);

  const step = events.find(
    (e): e is Extract<InspectionEvent, { type: "@xstate.microstep" }> =>
      e.type === "@xstate.microstep" && e._transitions.length > 0,
  );
  const edge = step?._transitions[0] as unknown as {
    source?: { id?: unknown };
    target?: { id?: unknown }[];
    eventType?: unknown;
  };
  assert.equal(edge?.source?.id, "agreement.loading", `${HINT} microstep _transitions[].source.id`);
  assert.deepEqual(
    edge?.target?.map((t) => t.id),
    ["agreement.active"],
    `${HINT} _transitions[].target[].id`,
  );
  assert.equal(edge?.eventType, "xstate.done.actor.load", `${HINT} _transitions[].eventType`);

  const actions = events.filter(
    (e): e is Extract<InspectionEvent, { type: "@xstate.action" }> => e.type === "@xstate.action",
  );
  const after = actions.find(
    (a) => a.action.type === "xstate.raise" && JSON.stringify(a.action.params).includes("approvalTimeout"),
  );
  assert.deepEqual(
    after?.action.params,
    {
      event: { type: "xstate.after.approvalTimeout.agreement.active.waiting" },
      id: "xstate.after.approvalTimeout.agreement.active.waiting",
      delay: 500,
    },
    `${HINT} an after delay is an xstate.raise action with params { event, id, delay (resolved ms) }`,
  );
  const ping = actions.find(
    (a) => a.action.type === "xstate.raise" && (a.action.params as { id?: string }).id === "ping",
  );
  const pingEvent = (ping?.action.params as { event?: unknown } | undefined)?.event;

  events.length = 0;
  actor.send({ type: "NUDGE" });
  const cancelled = events.find((e) => e.type === "@xstate.action" && e.action.type === "xstate.cancel");
  assert.deepEqual(
    (cancelled as { action?: { params?: unknown } } | undefined)?.action?.params,
    { sendId: "ping" },
    `${HINT} cancel is an xstate.cancel action with params { sendId }`,
  );

  // A delayed event is delivered as the very object scheduled (how the sink sees a timer fire).
  const again = createActor(parentMachine, { clock, inspect: (e) => events.push(e) }).start();
  await waitFor(again, (s) => s.matches({ active: "waiting" }));
  const scheduled = events.findLast(
    (e) =>
      e.type === "@xstate.action" &&
      e.actorRef === again &&
      (e.action.params as { id?: string }).id === "ping",
  ) as Extract<InspectionEvent, { type: "@xstate.action" }>;
  clock.increment(100);
  const delivered = events.find(
    (e) => e.type === "@xstate.event" && e.actorRef === again && e.event.type === "PING",
  );
  assert.ok(pingEvent !== undefined);
  assert.equal(
    (delivered as { event?: unknown } | undefined)?.event,
    (scheduled.action.params as { event: unknown }).event,
    `${HINT} a delayed event reaches its target as the scheduled object`,
  );
  assert.equal(
    (delivered as { sourceRef?: unknown }).sourceRef,
    again,
    `${HINT} sourceRef of a delayed raise`,
  );

  events.length = 0;
  again.stop();
  const stopped = events.find((e) => e.type === "@xstate.snapshot" && e.actorRef === again);
  assert.equal(
    (stopped as { snapshot?: { status?: unknown } } | undefined)?.snapshot?.status,
    "stopped",
    `${HINT} stopping an actor emits a snapshot with status "stopped"`,
  );
  actor.stop();
});
