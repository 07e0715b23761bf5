// The payment machine bound to the real services actors, against an in-process devnet:
// a small root (as the computation's) runs the payment-events feed, routes what it reads by
// agreement to the payment machine, and relays the agreement's end.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { type AnyEventObject, assign, createActor, sendTo, setup, waitFor } from "xstate";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { type PaymentInput, type PaymentOutput, paymentMachine } from "../../machines/payment.machine.js";
import { paymentActors } from "../../services/actors/payment.actors.js";
import { createYagnaApi, type YagnaApi } from "../../services/index.js";
import { trackCoverage } from "../machines/coverage.js";

const PLATFORM = "erc20-holesky-tglm";

/** Negotiates with one provider through the services API; returns an approved agreement's id. */
async function agreeWith(
  yagna: YagnaApi,
  providerId: string,
  allocationId: string,
  appSessionId: string,
): Promise<string> {
  const decoration = await yagna.payment.decorateDemand([allocationId]);
  const props: Record<string, unknown> = {
    "golem.srv.comp.expiration": Date.now() + 15 * 60_000,
    "golem.node.debug.subnet": "public",
    "golem.srv.caps.multi-activity": true,
    "golem.com.scheme.payu.debit-note.interval-sec?": 1,
    "golem.com.payment.debit-notes.accept-timeout?": 240,
    "golem.com.payment.chosen-platform": PLATFORM,
  };
  for (const p of decoration.properties) props[p.key] = p.value;
  const constraints = `(&(golem.node.debug.subnet=public)${decoration.constraints.join("")})`;
  const subscription = await yagna.market.subscribe(props, constraints);
  try {
    for await (const proposal of subscription.events({ pollTimeoutMs: 2000 })) {
      if (proposal.issuer !== providerId) continue;
      if (!proposal.isDraft) {
        await proposal.respond(props, constraints);
        continue;
      }
      const agreement = await proposal.createAgreement();
      assert.equal(await agreement.confirm({ appSessionId }), true, "the provider approves");
      return agreement.id;
    }
    throw new Error("the subscription ended without a draft");
  } finally {
    await subscription.delete();
  }
}

/** The root's share of the work: feed, routing by agreement, and the agreement's end. */
function paymentRoot(yagna: YagnaApi, feed: { since: string; appSessionId: string }, input: PaymentInput) {
  const actors = paymentActors(yagna.payment);
  const bound = paymentMachine.provide({
    actors: { acceptDebitNote: actors.acceptDebitNote, acceptInvoice: actors.acceptInvoice },
  });
  const forThisAgreement = ({ event }: { event: AnyEventObject }) => event.agreementId === input.agreementId;
  const machine = setup({
    types: {
      context: {} as { messages: AnyEventObject[]; output?: PaymentOutput },
      events: {} as AnyEventObject,
    },
    actors: { paymentEventsFeed: actors.paymentEventsFeed, payment: bound },
  }).createMachine({
    id: "paymentRoot",
    context: { messages: [] },
    invoke: { id: "feed", src: "paymentEventsFeed", input: { ...feed, pollTimeoutMs: 1000 } },
    initial: "paying",
    states: {
      paying: {
        invoke: {
          id: "payment",
          src: "payment",
          input,
          onDone: { target: "paid", actions: assign({ output: ({ event }) => event.output }) },
          onError: "paid",
        },
        on: {
          "payment.debitNote": { guard: forThisAgreement, actions: sendTo("payment", ({ event }) => event) },
          "payment.invoice": { guard: forThisAgreement, actions: sendTo("payment", ({ event }) => event) },
          "agreement.ended": { actions: sendTo("payment", { type: "payment.agreementEnded" }) },
          "*": { actions: assign({ messages: ({ context, event }) => [...context.messages, event] }) },
        },
      },
      paid: { type: "final" },
    },
  });
  return createActor(machine, { inspect: trackCoverage(paymentMachine) });
}

describe("payment machine on a devnet, bound to the services actors", { timeout: 30_000 }, () => {
  let devnet: Devnet;
  let yagna: YagnaApi;
  let identity: string;
  const providerId = (name: string) => devnet.providers.find((p) => p.name === name)!.id;

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "executor-payment",
      providers: [
        { name: "p", debitNoteIntervalSec: 1 },
        { name: "mute", debitNoteIntervalSec: 1, faults: { noInvoice: true } },
      ],
    });
    yagna = createYagnaApi({ appKey: devnet.appKey, url: devnet.url, env: {} });
    identity = (await yagna.identity.me()).identity;
  });
  after(async () => {
    await yagna.close();
    await devnet.stop();
  });

  test("debit notes accepted as they come, the invoice once, the ledger matches", async (t) => {
    const since = new Date().toISOString();
    const allocation = await yagna.payment.newAllocation("5", PLATFORM, identity);
    const agreementId = await agreeWith(yagna, providerId("p"), allocation.id, "paid");
    const root = paymentRoot(
      yagna,
      { since, appSessionId: "paid" },
      {
        agreementId,
        allocationId: allocation.id,
        budget: "5",
        debitNoteIntervalMs: 1000,
        timeouts: { invoiceTimeoutMs: 10_000 },
      },
    ).start();
    t.after(() => root.stop());
    const activity = await yagna.activity.newActivity(agreementId);
    const accepted = (s: ReturnType<typeof root.getSnapshot>) =>
      s.context.messages.filter((m) => m.type === "payment.debitNoteAccepted");
    await waitFor(root, (s) => accepted(s).length >= 2, { timeout: 10_000 });

    // Every note of the running activity so far was accepted, for exactly its amount.
    const notes = (await yagna.payment.debitNotes()).filter((n) => n.agreementId === agreementId);
    for (const m of accepted(root.getSnapshot())) {
      const note = notes.find((n) => n.id === m.debitNoteId);
      assert.ok(note, `note ${m.debitNoteId} exists`);
      assert.equal(note.activityId, activity.id);
      assert.equal(m.amount, note.totalAmountDue.toFixed());
      assert.ok(["ACCEPTED", "SETTLED"].includes(note.status), `${note.id} is ${note.status}`);
    }

    await activity.destroy();
    assert.equal(await yagna.market.agreement(agreementId).terminate(), true);
    root.send({ type: "agreement.ended" });
    const done = await waitFor(root, (s) => s.status === "done", { timeout: 15_000 });
    const output = done.context.output;
    assert.equal(output?.outcome, "paid", output?.reason);

    const invoices = (await yagna.payment.invoices()).filter((i) => i.agreementId === agreementId);
    assert.equal(invoices.length, 1);
    const [invoice] = invoices;
    assert.equal(invoice!.status, "SETTLED");
    const messages = done.context.messages;
    assert.deepEqual(
      messages.filter((m) => m.type === "payment.invoiceAccepted"),
      [
        {
          type: "payment.invoiceAccepted",
          agreementId,
          invoiceId: invoice!.id,
          amount: invoice!.amount.toFixed(),
        },
      ],
    );
    assert.equal(messages.filter((m) => m.type === "payment.invoiceReceived").length, 1);
    assert.equal(output.acceptedAmount, invoice!.amount.toFixed());
    const { spentAmount } = await allocation.details();
    assert.ok(
      spentAmount.eq(output.acceptedAmount),
      `spent ${spentAmount} != accepted ${output.acceptedAmount}`,
    );
    assert.ok(new Decimal(output.acceptedAmount).gt(0));
    await allocation.release();
  });

  test("a provider that never sends its invoice: failed with reason 'no invoice'", async (t) => {
    const since = new Date().toISOString();
    const allocation = await yagna.payment.newAllocation("5", PLATFORM, identity);
    const agreementId = await agreeWith(yagna, providerId("mute"), allocation.id, "mute");
    const root = paymentRoot(
      yagna,
      { since, appSessionId: "mute" },
      { agreementId, allocationId: allocation.id, budget: "5", timeouts: { invoiceTimeoutMs: 1500 } },
    ).start();
    t.after(() => root.stop());
    const activity = await yagna.activity.newActivity(agreementId);
    await activity.destroy();
    assert.equal(await yagna.market.agreement(agreementId).terminate(), true);
    root.send({ type: "agreement.ended" });
    const done = await waitFor(root, (s) => s.status === "done", { timeout: 10_000 });
    const output = done.context.output;
    assert.deepEqual(
      { ...output, acceptedAmount: undefined },
      { agreementId, outcome: "failed", acceptedAmount: undefined, reason: "no invoice" },
    );
    // The activity's final note may or may not have been accepted before the end arrived.
    const { spentAmount } = await allocation.details();
    assert.ok(spentAmount.eq(output?.acceptedAmount ?? "-1"));
    assert.deepEqual(
      done.context.messages.filter((m) => m.type === "payment.failed"),
      [{ type: "payment.failed", agreementId, reason: "no invoice" }],
    );
    await allocation.release();
  });
});
