import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createMachine, fromPromise, setup } from "xstate";
import { activityMachine } from "../../machines/activity.machine.js";
import { agreementMachine } from "../../machines/agreement.machine.js";
import { computationMachine } from "../../machines/computation.machine.js";
import { paymentMachine } from "../../machines/payment.machine.js";
import { taskMachine } from "../../machines/task.machine.js";
import { ALWAYS_EVENT, machineMessage } from "../../src/inspect/definition.js";
import type { ChartNode, ChartTransition } from "../../src/inspect/protocol.js";

function nodes(root: ChartNode): ChartNode[] {
  return [root, ...root.states.flatMap(nodes)];
}

function find(root: ChartNode, id: string): ChartNode {
  const node = nodes(root).find((n) => n.id === id);
  assert.ok(node, `no state node ${id}`);
  return node;
}

/** Every state node id in xstate's own JSON form of the machine. */
function jsonIds(definition: { id: string; states: Record<string, unknown> }): string[] {
  const children = Object.values(definition.states) as Array<{ id: string; states: Record<string, unknown> }>;
  return [definition.id, ...children.flatMap(jsonIds)];
}

describe("machineMessage", () => {
  const machines = { agreementMachine, activityMachine, taskMachine, paymentMachine, computationMachine };

  for (const [name, machine] of Object.entries(machines)) {
    test(`${name}: every state node, JSON-only, keyed by the machine id`, () => {
      const message = machineMessage(machine);
      assert.ok(message);
      assert.equal(message.t, "machine");
      assert.match(message.key, new RegExp(`^${machine.id}@[0-9a-f]{8}$`));
      assert.deepEqual(
        nodes(message.root)
          .map((n) => n.id)
          .sort(),
        jsonIds(machine.toJSON()).sort(),
      );
      assert.deepEqual(JSON.parse(JSON.stringify(message)), message);
      for (const node of nodes(message.root)) {
        for (const t of node.transitions) {
          for (const target of t.targets) find(message.root, target);
        }
      }
    });
  }

  test("agreement: events, targets, named delays, guards, invokes and initial states", () => {
    const { root } = machineMessage(agreementMachine)!;
    assert.equal(root.type, "compound");
    assert.equal(root.initial, "creating");
    const confirming = find(root, "agreement.confirming");
    assert.deepEqual(confirming.invoke, ["confirmAgreement"]);
    const byEvent = (e: string): ChartTransition[] => confirming.transitions.filter((t) => t.event === e);
    assert.deepEqual(byEvent("xstate.after.approvalTimeout.agreement.confirming"), [
      {
        event: "xstate.after.approvalTimeout.agreement.confirming",
        targets: ["agreement.cancelling"],
        delay: "approvalTimeout",
      },
    ]);
    assert.deepEqual(byEvent("xstate.done.actor.confirmAgreement"), [
      { event: "xstate.done.actor.confirmAgreement", targets: ["agreement.idle"], guard: "approved" },
      { event: "xstate.done.actor.confirmAgreement", targets: ["agreement.rejected"] },
    ]);
    // A targetless transition (remember the stop request) stays, with no targets.
    const creating = find(root, "agreement.creating");
    assert.deepEqual(
      creating.transitions.find((t) => t.event === "agreement.terminate"),
      { event: "agreement.terminate", targets: [] },
    );
    for (const id of ["terminated", "rejected", "expired", "failed", "terminatedByProvider"]) {
      assert.equal(find(root, `agreement.${id}`).type, "final");
    }
  });

  test("payment: eventless transitions appear with the null event, re-entering after-edges are marked", () => {
    const { root } = machineMessage(paymentMachine)!;
    const waiting = find(root, "payment.active.waiting");
    const always = waiting.transitions.filter((t) => t.event === ALWAYS_EVENT);
    assert.deepEqual(
      always.map((t) => [t.guard, t.targets[0]]),
      [
        ["hasEnded", "payment.awaitingInvoice"],
        ["noteRefused", "payment.failed"],
        ["hasPendingNote", "payment.active.accepting"],
      ],
    );
    const late = waiting.transitions.find((t) => t.delay === "debitNoteLate");
    assert.equal(late?.reenter, true);
    assert.equal(find(root, "payment.active").initial, "waiting");
  });

  test("computation: parallel regions have no initial, nested compounds do", () => {
    const { root } = machineMessage(computationMachine)!;
    const running = find(root, "computation.live.working.running");
    assert.equal(running.type, "parallel");
    assert.equal(running.initial, undefined);
    assert.equal(find(root, "computation.live.working.running.market").initial, "collecting");
  });

  test("tags, descriptions, numeric delays and inline guards are carried", () => {
    const machine = createMachine({
      id: "probe",
      initial: "a",
      states: {
        a: {
          tags: ["busy"],
          description: "waits",
          after: { 250: "b" },
          on: { go: { target: "b", guard: () => true } },
        },
        b: { meta: { description: "from meta" }, type: "final" },
      },
    });
    const { root } = machineMessage(machine)!;
    const a = find(root, "probe.a");
    assert.deepEqual(a.tags, ["busy"]);
    assert.equal(a.description, "waits");
    assert.equal(a.transitions.find((t) => t.event === "go")?.guard, "inline");
    assert.equal(a.transitions.find((t) => t.delay !== undefined)?.delay, "250");
    assert.equal(find(root, "probe.b").description, "from meta");
  });

  test("the key is stable for one definition and changes with it; non-machines give undefined", () => {
    const make = (target: string) =>
      setup({}).createMachine({ id: "m", initial: "a", states: { a: { on: { go: target } }, b: {}, c: {} } });
    const one = machineMessage(make("b"))!.key;
    assert.equal(machineMessage(make("b"))!.key, one);
    assert.notEqual(machineMessage(make("c"))!.key, one);
    assert.equal(machineMessage(agreementMachine), machineMessage(agreementMachine));
    assert.equal(machineMessage(fromPromise(async () => 1)), undefined);
    assert.equal(machineMessage(undefined), undefined);
    assert.equal(machineMessage({ root: {} }), undefined);
  });
});
