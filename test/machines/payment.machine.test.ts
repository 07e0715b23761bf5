// The payment machine: an abstract model (pattern A of xstate-notes 4.2) whose paths drive
// the real machine with scripted REST actors and a SimulatedClock, plus the money rules.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { setup } from "xstate";
import { createTestModel } from "xstate/graph";
import {
  type AcceptDebitNoteInput,
  type AcceptInvoiceInput,
  type PaymentEvent,
  type PaymentInput,
  paymentMachine,
} from "../../machines/payment.machine.js";
import { FakeRest } from "./fake-actors.js";
import { settle, startUnderParent } from "./parent-harness.js";

const INPUT: PaymentInput = {
  agreementId: "agr-1",
  allocationId: "alloc-1",
  budget: "10",
  debitNoteIntervalMs: 1000,
  timeouts: { debitNoteGraceMs: 500, invoiceTimeoutMs: 5000 },
};

/** The REST calls of one actor of the fake: inputs in call order, and answers on demand. */
function fake<I>(rest: FakeRest, name: string) {
  return {
    get calls(): I[] {
      return rest.calls.filter((c) => c.name === name).map((c) => c.input as I);
    },
    get pending(): number {
      return rest.calls.filter((c) => c.name === name && !c.settled).length;
    },
    resolve: () => rest.resolve(name),
    reject: (err: unknown) => rest.reject(name, err),
  };
}

function start(input: PaymentInput = INPUT) {
  const rest = new FakeRest();
  const machine = paymentMachine.provide({
    actors: {
      acceptDebitNote: rest.actor<void, AcceptDebitNoteInput>("acceptDebitNote"),
      acceptInvoice: rest.actor<void, AcceptInvoiceInput>("acceptInvoice"),
    },
  });
  const run = startUnderParent(machine, input, { coverageOf: paymentMachine });
  const send = (event: PaymentEvent) => run.child.send(event);
  const note = (debitNoteId: string, amount: string, activityId = "act-1") =>
    send({ type: "payment.debitNote", agreementId: input.agreementId, debitNoteId, activityId, amount });
  const invoice = (invoiceId: string, amount: string) =>
    send({ type: "payment.invoice", agreementId: input.agreementId, invoiceId, amount });
  return {
    run,
    notes: fake<AcceptDebitNoteInput>(rest, "acceptDebitNote"),
    invoices: fake<AcceptInvoiceInput>(rest, "acceptInvoice"),
    send,
    note,
    invoice,
    snapshot: () => run.child.getSnapshot(),
  };
}

// The model: what can happen to one agreement's payments, in plain events.
const model = setup({}).createMachine({
  id: "paymentModel",
  initial: "waiting",
  states: {
    waiting: {
      on: {
        NOTE: "accepting",
        NOTE_OVER_BUDGET: "failed",
        LATE: "waiting",
        AGREEMENT_ENDED: "awaitingInvoice",
        INVOICE: "acceptingInvoice",
        INVOICE_OVER_BUDGET: "failed",
      },
    },
    accepting: {
      on: {
        ACCEPT_OK: "waiting",
        ACCEPT_FAIL: "failed",
        NOTE: "acceptingQueued",
        AGREEMENT_ENDED: "acceptingEnded",
        INVOICE: "acceptingInvoiced",
      },
    },
    acceptingQueued: { on: { ACCEPT_OK: "accepting" } },
    acceptingEnded: { on: { ACCEPT_OK: "awaitingInvoice", NOTE: "acceptingEnded" } },
    acceptingInvoiced: { on: { ACCEPT_OK: "acceptingInvoice" } },
    awaitingInvoice: {
      on: {
        INVOICE: "acceptingInvoice",
        INVOICE_OVER_BUDGET: "failed",
        INVOICE_TIMEOUT: "failed",
        NOTE: "awaitingInvoice",
      },
    },
    acceptingInvoice: {
      on: { INVOICE_ACCEPT_OK: "paid", INVOICE_ACCEPT_FAIL: "failed", INVOICE: "acceptingInvoice" },
    },
    paid: { type: "final" },
    failed: { type: "final" },
  },
});

/** Where the real machine must be in each model state. */
const SUT_VALUE: Record<string, unknown> = {
  waiting: { active: "waiting" },
  accepting: { active: "accepting" },
  acceptingQueued: { active: "accepting" },
  acceptingEnded: { active: "accepting" },
  acceptingInvoiced: { active: "accepting" },
  awaitingInvoice: "awaitingInvoice",
  acceptingInvoice: "acceptingInvoice",
  paid: "paid",
  failed: "failed",
};

// Every model transition (self-loops too) is its own vertex, so shortest paths take each.
const testModel = createTestModel(model, {
  serializeTransition: (_state, event, prev) =>
    event ? ` via ${event.type} from ${JSON.stringify(prev?.value)}` : "",
});

const INVOICE_AMOUNT = "1.5";

describe("payment machine: model-based paths", () => {
  const paths = testModel.getShortestPaths();

  test("the paths take every transition of the model", () => {
    const taken = new Set(
      paths.flatMap((p) =>
        p.steps.map((s, i) => `${i === 0 ? "waiting" : p.steps[i - 1]!.state.value}|${s.event.type}`),
      ),
    );
    for (const [name, node] of Object.entries(model.root.states))
      for (const type of node.ownEvents) assert.ok(taken.has(`${name}|${type}`), `${name}|${type}`);
  });

  for (const path of paths) {
    test(path.description, async () => {
      const w = start();
      let notes = 0;
      let reason: RegExp | undefined;
      let late = 0;
      let acceptedNotes = 0;
      await path.test({
        events: {
          NOTE: () => w.note(`dn-${++notes}`, String(notes / 10)),
          NOTE_OVER_BUDGET: () => {
            reason = /^over budget: debit note dn-x of 10\.000000000000000001 would bring/;
            w.note("dn-x", "10.000000000000000001");
          },
          ACCEPT_OK: () => {
            acceptedNotes++;
            return w.notes.resolve();
          },
          ACCEPT_FAIL: () => {
            reason = /^accept failed: debit note dn-\d+: Not enough funds$/;
            return w.notes.reject(new Error("Not enough funds"));
          },
          LATE: () => {
            late++;
            w.run.clock.increment(1500);
          },
          AGREEMENT_ENDED: () => w.send({ type: "payment.agreementEnded" }),
          INVOICE: () => w.invoice("inv-1", INVOICE_AMOUNT),
          INVOICE_OVER_BUDGET: () => {
            reason = /^over budget: invoice inv-2 of 10\.5 would bring the accepted total to 10\.5/;
            w.invoice("inv-2", "10.5");
          },
          INVOICE_TIMEOUT: () => {
            reason = /^no invoice$/;
            w.run.clock.increment(5000);
          },
          INVOICE_ACCEPT_OK: () => w.invoices.resolve(),
          INVOICE_ACCEPT_FAIL: () => {
            reason = /^accept failed: invoice inv-1: HTTP 500$/;
            return w.invoices.reject(new Error("HTTP 500"));
          },
        },
        states: {
          "*": (expected) => {
            const state = String(expected.value);
            const actual = w.snapshot();
            assert.deepEqual(actual.value, SUT_VALUE[state]);
            assert.ok(new Decimal(actual.context.acceptedAmount).lte(INPUT.budget), "within the budget");
            assert.equal(w.run.sent("payment.debitNoteLate").length, late);
            if (state.startsWith("accepting") && state !== "acceptingInvoice")
              assert.equal(w.notes.pending, 1);
            if (state === "acceptingQueued") assert.equal(actual.context.queue.length, 2);
            if (state === "acceptingInvoice") assert.equal(w.invoices.calls.length, 1);
            if (state === "paid") {
              assert.deepEqual(actual.output, {
                agreementId: "agr-1",
                outcome: "paid",
                acceptedAmount: INVOICE_AMOUNT,
              });
              assert.equal(w.run.sent("payment.invoiceAccepted").length, 1);
            }
            if (state === "failed") {
              const failed = w.run.sent("payment.failed");
              assert.equal(failed.length, 1);
              assert.ok(reason, "the path said why it fails");
              assert.match(String(failed[0]!.reason), reason);
              assert.equal(actual.output?.reason, failed[0]!.reason);
              assert.equal(actual.output?.outcome, "failed");
            }
          },
        },
      });
      // Each debit-note acceptance that completed was reported once, with its exact amount.
      assert.deepEqual(
        w.run.sent("payment.debitNoteAccepted"),
        w.notes.calls.slice(0, acceptedNotes).map((c) => ({
          type: "payment.debitNoteAccepted",
          agreementId: "agr-1",
          debitNoteId: c.debitNoteId,
          amount: c.amount,
        })),
      );
      w.run.stop();
    });
  }
});

describe("payment machine: rules", () => {
  test("the budget cap is never exceeded: the note that would pass it is not accepted", async () => {
    const w = start({ ...INPUT, budget: "1" });
    w.note("n1", "0.4", "a1");
    await w.notes.resolve();
    w.note("n2", "0.5", "a2");
    await w.notes.resolve();
    // Cumulative per activity: a1 goes from 0.4 to 0.5, the total reaches the budget exactly.
    w.note("n3", "0.5", "a1");
    await w.notes.resolve();
    assert.equal(w.snapshot().context.acceptedAmount, "1");
    w.note("n4", "0.6", "a2");
    assert.equal(w.snapshot().value, "failed");
    assert.deepEqual(
      w.notes.calls.map((c) => c.debitNoteId),
      ["n1", "n2", "n3"],
    );
    assert.deepEqual(w.snapshot().output, {
      agreementId: "agr-1",
      outcome: "failed",
      acceptedAmount: "1",
      reason: "over budget: debit note n4 of 0.6 would bring the accepted total to 1.1, over the budget of 1",
    });
    assert.equal(w.run.sent("payment.failed").length, 1);
  });

  test("an invoice over the budget is not accepted", async () => {
    const w = start({ ...INPUT, budget: "2" });
    w.send({ type: "payment.agreementEnded" });
    w.invoice("inv-1", "2.000000000000000001");
    assert.equal(w.snapshot().value, "failed");
    assert.equal(w.invoices.calls.length, 0);
    assert.match(String(w.snapshot().output?.reason), /^over budget: invoice inv-1/);
  });

  test("the invoice is accepted exactly once even if its event arrives twice", async () => {
    const w = start();
    w.invoice("inv-1", "0.7");
    w.invoice("inv-1", "0.7");
    assert.equal(w.snapshot().value, "acceptingInvoice");
    w.invoice("inv-1", "0.7");
    w.invoice("inv-other", "0.9");
    await w.invoices.resolve();
    w.invoice("inv-1", "0.7");
    assert.deepEqual(w.invoices.calls, [
      { agreementId: "agr-1", allocationId: "alloc-1", invoiceId: "inv-1", amount: "0.7" },
    ]);
    assert.equal(w.run.sent("payment.invoiceReceived").length, 1);
    assert.deepEqual(w.run.sent("payment.invoiceAccepted"), [
      { type: "payment.invoiceAccepted", agreementId: "agr-1", invoiceId: "inv-1", amount: "0.7" },
    ]);
    assert.deepEqual(w.snapshot().output, { agreementId: "agr-1", outcome: "paid", acceptedAmount: "0.7" });
  });

  test("decimal amounts are exact, far beyond floating point", async () => {
    // 0.300000000000000002 + 1234567890.123456789012345678, trailing zero dropped.
    const total = "1234567890.42345678901234568";
    const w = start({ ...INPUT, budget: total });
    w.note("n1", "0.100000000000000001", "a1");
    await w.notes.resolve();
    w.note("n2", "1234567890.123456789012345678", "a2");
    await w.notes.resolve();
    w.note("n3", "0.300000000000000002", "a1");
    await w.notes.resolve();
    assert.equal(w.snapshot().context.acceptedAmount, total);
    assert.deepEqual(
      w.run.sent("payment.debitNoteAccepted").map((e) => e.amount),
      ["0.100000000000000001", "1234567890.123456789012345678", "0.300000000000000002"],
    );
    assert.deepEqual(
      w.notes.calls.map((c) => c.amount),
      ["0.100000000000000001", "1234567890.123456789012345678", "0.300000000000000002"],
    );
    w.send({ type: "payment.agreementEnded" });
    w.invoice("inv-1", total);
    await w.invoices.resolve();
    assert.deepEqual(w.snapshot().output, { agreementId: "agr-1", outcome: "paid", acceptedAmount: total });
  });

  test("debit notes are accepted one at a time, in order, each once", async () => {
    const w = start();
    w.note("n1", "0.1");
    w.note("n2", "0.2");
    w.note("n1", "0.1");
    w.note("n3", "0.3");
    assert.equal(w.notes.calls.length, 1);
    await w.notes.resolve();
    await w.notes.resolve();
    w.note("n2", "0.2");
    await w.notes.resolve();
    assert.deepEqual(
      w.notes.calls.map((c) => [c.debitNoteId, c.amount, c.allocationId]),
      [
        ["n1", "0.1", "alloc-1"],
        ["n2", "0.2", "alloc-1"],
        ["n3", "0.3", "alloc-1"],
      ],
    );
    assert.equal(w.snapshot().context.acceptedAmount, "0.3");
    assert.equal(w.notes.pending, 0);
  });

  test("events about another agreement are ignored", () => {
    const w = start();
    w.send({
      type: "payment.debitNote",
      agreementId: "agr-2",
      debitNoteId: "x",
      activityId: "a",
      amount: "1",
    });
    w.send({ type: "payment.invoice", agreementId: "agr-2", invoiceId: "y", amount: "1" });
    w.send({ type: "payment.agreementEnded", agreementId: "agr-2" });
    assert.deepEqual(w.snapshot().value, { active: "waiting" });
    assert.equal(w.notes.calls.length + w.invoices.calls.length, 0);
  });

  test("notes still queued when the agreement ends are left to the invoice", async () => {
    const w = start();
    w.note("n1", "0.1");
    w.note("n2", "0.2");
    w.send({ type: "payment.agreementEnded" });
    await w.notes.resolve();
    assert.equal(w.snapshot().value, "awaitingInvoice");
    assert.equal(w.notes.calls.length, 1);
    w.invoice("inv-1", "0.25");
    await w.invoices.resolve();
    assert.equal(w.snapshot().output?.acceptedAmount, "0.25");
  });

  test("a late note is reported every interval plus grace, and only with an agreed interval", async () => {
    const w = start();
    w.run.clock.increment(1499);
    assert.equal(w.run.sent("payment.debitNoteLate").length, 0);
    w.run.clock.increment(1);
    assert.deepEqual(w.run.sent("payment.debitNoteLate"), [
      { type: "payment.debitNoteLate", agreementId: "agr-1", waitedMs: 1500 },
    ]);
    w.note("n1", "0.1");
    w.run.clock.increment(1000);
    await w.notes.resolve();
    w.run.clock.increment(1499);
    assert.equal(w.run.sent("payment.debitNoteLate").length, 1, "the wait restarts after each note");
    w.run.clock.increment(1);
    assert.equal(w.run.sent("payment.debitNoteLate").length, 2);

    const { debitNoteIntervalMs: _, ...unwatched } = INPUT;
    const quiet = start(unwatched);
    quiet.run.clock.increment(3_600_000);
    assert.equal(quiet.run.sent("payment.debitNoteLate").length, 0);
    assert.deepEqual(quiet.snapshot().value, { active: "waiting" });
  });

  test("the invoice timeout counts from the agreement's end", () => {
    const w = start({ ...INPUT, debitNoteIntervalMs: undefined });
    w.run.clock.increment(60_000);
    w.send({ type: "payment.agreementEnded" });
    w.run.clock.increment(4999);
    assert.equal(w.snapshot().value, "awaitingInvoice");
    w.run.clock.increment(1);
    assert.deepEqual(w.snapshot().output, {
      agreementId: "agr-1",
      outcome: "failed",
      acceptedAmount: "0",
      reason: "no invoice",
    });
  });

  test("malformed amounts are refused, not accepted", () => {
    const w = start();
    w.note("n1", "0x10");
    assert.equal(w.snapshot().output?.reason, 'debit note n1: not a decimal amount: "0x10"');
    const v = start();
    v.invoice("inv-1", "-1");
    assert.equal(v.snapshot().output?.reason, 'invoice inv-1: not a decimal amount: "-1"');
  });

  test("late events in final states are ignored", async () => {
    const w = start();
    w.invoice("inv-1", "0.5");
    await w.invoices.resolve();
    const paid = w.snapshot();
    const messages = w.run.received.length;
    w.note("n9", "0.1");
    w.invoice("inv-2", "0.5");
    w.send({ type: "payment.agreementEnded" });
    w.run.clock.increment(3_600_000);
    assert.equal(w.snapshot(), paid);
    assert.equal(w.run.received.length, messages);
    assert.equal(w.notes.calls.length + w.invoices.calls.length, 1);
  });

  test("without bound actors the machine fails with the placeholder's message", async () => {
    const run = startUnderParent(paymentMachine, INPUT);
    run.child.send({ type: "payment.debitNote", debitNoteId: "n1", activityId: "a1", amount: "0.1" });
    await settle();
    assert.equal(
      run.child.getSnapshot().output?.reason,
      "accept failed: debit note n1: payment: actor acceptDebitNote is not provided",
    );
  });
});
