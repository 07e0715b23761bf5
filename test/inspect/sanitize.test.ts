// The app key never reaches the wire: not as a context value (top level, nested, inside a
// longer string, under a key named apiKey), not in an event, not in an output or error;
// checked on the serialised bytes, before the last-line guard and after it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assign, createActor, setup } from "xstate";
import type { InspectMessage } from "../../src/inspect/protocol.js";
import { REDACTED, Secrets, scrub } from "../../src/inspect/redact.js";
import { eventData, sanitizeContext } from "../../src/inspect/sanitize.js";
import { InspectSink } from "../../src/inspect/sink.js";
import { APP_KEY } from "./machines.js";

const leaky = setup({
  types: {
    context: {} as Record<string, unknown>,
    events: {} as { type: "LEAK"; note: string; token: string; reason: { message: string } },
  },
}).createMachine({
  id: "agreement",
  context: {
    providerName: APP_KEY,
    apiKey: APP_KEY,
    reason: { message: `Bearer ${APP_KEY} refused`, detail: { deeper: [APP_KEY] }, authHeader: "x" },
    proposalId: "p-1",
  },
  initial: "waiting",
  states: {
    waiting: {
      on: { LEAK: { target: "done", actions: assign({ outcome: ({ event }) => `${event.note}` }) } },
    },
    done: { type: "final", output: () => ({ summary: `key=${APP_KEY}`, password: "p" }) },
  },
});

/** Every message the sink makes for a leaky run, serialised without the last-line guard. */
function rawLines(): string {
  const secrets = new Secrets();
  secrets.add(APP_KEY);
  const messages: InspectMessage[] = [];
  const sink = new InspectSink({ secrets, consumer: (batch) => messages.push(...batch) });
  const actor = createActor(leaky, { inspect: sink.inspect }).start();
  actor.send({ type: "LEAK", note: `see ${APP_KEY}`, token: APP_KEY, reason: { message: APP_KEY } });
  const other = createActor(
    setup({}).createMachine({ id: "custom", context: { note: `x${APP_KEY}x`, apiKey: APP_KEY } }),
    {
      inspect: sink.inspect,
    },
  ).start();
  other.stop();
  sink.drain();
  return messages.map((m) => JSON.stringify(m)).join("\n");
}

describe("sanitisation", () => {
  test("the app key is in none of the sink's bytes, even before the last-line guard", () => {
    const bytes = rawLines();
    assert.ok(bytes.length > 1000, "the run produced messages");
    assert.equal(bytes.includes(APP_KEY), false, "the app key leaked");
    assert.ok(bytes.includes(REDACTED), "values holding it were redacted, not silently lost");
    assert.equal(
      /"(apiKey|token|password|authHeader)"/.test(bytes),
      false,
      "credential-named keys are dropped",
    );
    assert.ok(bytes.includes('"proposalId":"p-1"'), "the rest of the context is there");
  });

  test("scrub redacts equal, containing and nested values, drops credential keys, bounds size", () => {
    const secrets = new Secrets();
    secrets.add(APP_KEY);
    const out = scrub(
      {
        a: APP_KEY,
        b: `x ${APP_KEY}`,
        c: { d: [APP_KEY, "ok"] },
        apiKey: "k",
        list: Array(50).fill(1),
        fn: () => 1,
      },
      secrets,
    );
    assert.deepEqual(out, {
      a: REDACTED,
      b: REDACTED,
      c: { d: [REDACTED, "ok"] },
      list: [...Array(20).fill(1), "… 30 more"],
    });
  });

  test("the computation's context is counts and small records, never the task data", () => {
    const secrets = new Secrets();
    const tasks = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`t${i}`, { taskId: `t${i}`, data: "x".repeat(100) }]),
    );
    const context = sanitizeContext(
      "computation",
      {
        budget: "5",
        spent: "0.1",
        tasks,
        queue: Object.keys(tasks),
        tasksAccepted: 3,
        workers: {
          w1: { providerName: "a", agreementId: "ag", activityId: "ac", phase: "ready", taskIds: ["t1"] },
        },
        agreements: { p1: { phase: "inUse" }, p2: { phase: "inUse" }, p3: { phase: "ending" } },
        payments: { ag: { outcome: "paid", ended: true } },
      },
      secrets,
    );
    assert.deepEqual(context, {
      budget: "5",
      spent: "0.1",
      tasksAccepted: 3,
      queued: 1000,
      drafts: 0,
      allocations: 0,
      agreements: { inUse: 2, ending: 1 },
      workers: { w1: { providerName: "a", agreementId: "ag", activityId: "ac", phase: "ready", tasks: 1 } },
      payments: { count: 1, ended: 1, paid: 1 },
    });
    assert.ok(JSON.stringify(context).length < 600);
  });

  test("event data keeps a few scalars and reason messages, redacted", () => {
    const secrets = new Secrets();
    secrets.add(APP_KEY);
    assert.deepEqual(
      eventData(
        {
          type: "x",
          id: "1",
          ok: true,
          secretThing: "s",
          reason: { message: "gone" },
          blob: { big: 1 },
          note: APP_KEY,
        },
        secrets,
      ),
      { id: "1", ok: true, reason: "gone", note: REDACTED },
    );
  });

  test("the last-line guard replaces a secret wherever it is, JSON-escaped", () => {
    const secrets = new Secrets();
    secrets.add('ab"cd\\ef');
    const line = JSON.stringify({ t: "event", type: 'xab"cd\\efx' });
    assert.equal(secrets.guardLine(line), JSON.stringify({ t: "event", type: `x${REDACTED}x` }));
    assert.throws(() => secrets.add("ab"), /4 or more characters/);
  });
});
