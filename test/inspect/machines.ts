/**
 * Small machines for the inspector's tests: one with a promise invoke, a named delay,
 * nested states, a spawned child and a delayed raise that gets cancelled; and the
 * inspector pipeline around a SimulatedClock.
 */
import { cancel, fromPromise, raise, SimulatedClock, sendTo, setup, spawnChild } from "xstate";
import type { InspectMessage } from "../../src/inspect/protocol.js";
import { Secrets } from "../../src/inspect/redact.js";
import { InspectSink } from "../../src/inspect/sink.js";

export const APP_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

/** A child the parent spawns as `task:1` and finishes with `GO`. */
export const childMachine = setup({}).createMachine({
  id: "task",
  context: { taskId: "1", retries: 0 },
  initial: "queued",
  states: { queued: { on: { GO: "done" } }, done: { type: "final" } },
});

/**
 * `agreement`: loads (promise), then waits in a nested `active.waiting` with a named
 * delay `approvalTimeout` (500 ms) and a delayed `PING` (100 ms); `NUDGE` cancels the
 * PING; `PING` sends `GO` to the child.
 */
export const parentMachine = setup({
  types: {
    context: {} as { approvalMs: number; providerName: string; reason?: string },
    events: {} as { type: "PING" } | { type: "NUDGE" } | { type: "APPROVE"; note: string },
  },
  actors: { load: fromPromise(async () => ({ agreementId: "ag-1" })), child: childMachine },
  delays: { approvalTimeout: ({ context }) => context.approvalMs },
}).createMachine({
  id: "agreement",
  context: { approvalMs: 500, providerName: "prov-a" },
  initial: "loading",
  entry: spawnChild("child", { id: "task:1" }),
  states: {
    loading: { invoke: { id: "load", src: "load", onDone: "active" } },
    active: {
      initial: "waiting",
      states: {
        waiting: {
          entry: raise({ type: "PING" }, { delay: 100, id: "ping" }),
          after: { approvalTimeout: "#agreement.expired" },
          on: {
            PING: { actions: sendTo("task:1", { type: "GO" }) },
            NUDGE: { actions: cancel("ping") },
            APPROVE: "approved",
          },
        },
        approved: { type: "final" },
      },
      onDone: "finished",
    },
    expired: { type: "final" },
    finished: { type: "final" },
  },
});

/** A sink collecting every message, on a simulated clock. */
export function collectingSink(secrets = new Secrets()): {
  sink: InspectSink;
  clock: SimulatedClock;
  messages: InspectMessage[];
} {
  const clock = new SimulatedClock();
  const messages: InspectMessage[] = [];
  const sink = new InspectSink({
    secrets,
    consumer: (batch) => messages.push(...batch),
    now: () => clock.now(),
  });
  return { sink, clock, messages };
}
