// A paid agreement end to end over HTTP on a whole devnet: negotiate, run an activity
// with a 1 s debit-note interval, accept its notes, terminate, accept the one invoice.
import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { approvedAgreement, call, createActivity, MARKET, PAYMENT, paymentAllocation } from "./helpers.js";

type Json = Record<string, unknown>;

const NEGOTIATED = {
  "golem.com.scheme.payu.debit-note.interval-sec?": 1,
  "golem.com.payment.debit-notes.accept-timeout?": 240,
};

describe("payment API: a paid agreement on a whole devnet", { timeout: 30_000 }, () => {
  let devnet: Devnet;
  const providerId = (name: string) => devnet.providers.find((p) => p.name === name)!.id;

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "payment-flow",
      providers: [
        { name: "lynx", debitNoteIntervalSec: 1, prices: { start: 0.01, cpuSec: 0.001, durationSec: 0.002 } },
        { name: "mute", debitNoteIntervalSec: 1, faults: { noDebitNotes: true, noInvoice: true } },
      ],
    });
  });
  after(() => devnet.stop());

  /** Long-polls a payment event stream one event at a time, paging by the last eventDate. */
  async function pageEvents(stream: string, count: number, after: string, session: string): Promise<Json[]> {
    const events: Json[] = [];
    let cursor = after;
    while (events.length < count) {
      const query = `timeout=5&maxEvents=1&appSessionId=${session}&afterTimestamp=${encodeURIComponent(cursor)}`;
      const { status, body } = await call<Json[]>(devnet, "GET", `${PAYMENT}/${stream}?${query}`);
      assert.equal(status, 200);
      assert.equal(body.length, 1, `no ${stream} event after ${cursor}`);
      events.push(body[0]!);
      cursor = new Date(String(body[0]!.eventDate)).toISOString();
    }
    return events;
  }

  test("debit notes every second, accepted exactly; one invoice after terminate, paid in full", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const { allocationId, props } = await paymentAllocation(devnet, "5");
    const { agreementId } = await approvedAgreement(devnet, {
      props: { ...props, ...NEGOTIATED },
      providerId: providerId("lynx"),
      appSessionId: "flow",
    });
    const agreement = await call<{ offer: { properties: Json } }>(
      devnet,
      "GET",
      `${MARKET}/agreements/${agreementId}`,
    );
    assert.equal(agreement.body.offer.properties["golem.com.scheme.payu.debit-note.interval-sec?"], 1);
    const activityId = await createActivity(devnet, agreementId);

    const events = await pageEvents("debitNoteEvents", 3, since, "flow");
    const ids = events.map((e) => String(e.debitNoteId));
    assert.equal(new Set(ids).size, 3);
    assert.ok(events.every((e) => e.eventType === "DebitNoteReceivedEvent"));
    const notes: Json[] = [];
    for (const id of ids) notes.push((await call<Json>(devnet, "GET", `${PAYMENT}/debitNotes/${id}`)).body);
    notes.forEach((n, i) => {
      assert.equal(n.agreementId, agreementId);
      assert.equal(n.activityId, activityId);
      assert.equal(n.status, "RECEIVED");
      assert.equal(n.issuerId, providerId("lynx"));
      assert.equal(n.recipientId, devnet.identity);
      assert.equal(n.payerAddr, devnet.identity);
      assert.equal(n.payeeAddr, providerId("lynx"));
      assert.equal(n.paymentPlatform, "erc20-holesky-tglm");
      assert.equal(n.previousDebitNoteId, i === 0 ? undefined : ids[i - 1]);
      const [cpu, duration] = n.usageCounterVector as number[];
      assert.ok(Math.abs(Number(n.totalAmountDue) - (0.01 + 0.001 * cpu! + 0.002 * duration!)) < 1e-12);
    });

    const first = notes[0]!;
    const accept = (id: unknown, totalAmountAccepted: unknown, alloc = allocationId) =>
      call<Json | null>(devnet, "POST", `${PAYMENT}/debitNotes/${String(id)}/accept`, {
        totalAmountAccepted,
        allocationId: alloc,
      });
    const wrong = await accept(first.debitNoteId, "1");
    assert.deepEqual([wrong.status, wrong.body], [400, { message: "Invalid amount accepted" }]);
    const stranger = await accept(
      first.debitNoteId,
      first.totalAmountDue,
      "00000000-0000-4000-8000-000000000000",
    );
    assert.deepEqual(
      [stranger.status, stranger.body],
      [400, { message: "Allocation 00000000-0000-4000-8000-000000000000 not found" }],
    );
    const tiny = await paymentAllocation(devnet, "0.000001");
    const poor = await accept(first.debitNoteId, first.totalAmountDue, tiny.allocationId);
    assert.deepEqual(
      [poor.status, poor.body],
      [400, { message: `Not enough funds. Allocated: 0.000001 Needed: ${String(first.totalAmountDue)}` }],
    );
    for (const n of notes) assert.deepEqual((await accept(n.debitNoteId, n.totalAmountDue)).body, null);
    assert.equal((await call<Json>(devnet, "GET", `${PAYMENT}/debitNotes/${ids[2]}`)).body.status, "SETTLED");

    const terminated = await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, {
      message: "Finished",
      "golem.requestor.code": "Success",
    });
    assert.equal(terminated.status, 200);
    const [invoiceEvent] = await pageEvents("invoiceEvents", 1, since, "flow");
    assert.equal(invoiceEvent!.eventType, "InvoiceReceivedEvent");
    const invoice = (
      await call<Json>(devnet, "GET", `${PAYMENT}/invoices/${String(invoiceEvent!.invoiceId)}`)
    ).body;
    assert.equal(invoice.agreementId, agreementId);
    assert.deepEqual(invoice.activityIds, [activityId]);
    assert.equal(invoice.status, "RECEIVED");
    const all = (await call<Json[]>(devnet, "GET", `${PAYMENT}/debitNotes`)).body.filter(
      (n) => n.activityId === activityId,
    );
    assert.equal(
      invoice.amount,
      all[all.length - 1]!.totalAmountDue,
      "the invoice bills the final note's total",
    );

    const paid = await call(
      devnet,
      "POST",
      `${PAYMENT}/invoices/${String(invoice.invoiceId)}/accept?timeout=5`,
      {
        totalAmountAccepted: invoice.amount,
        allocationId,
      },
    );
    assert.deepEqual([paid.status, paid.body], [200, null]);
    assert.equal(
      (await call<Json>(devnet, "GET", `${PAYMENT}/invoices/${String(invoice.invoiceId)}`)).body.status,
      "SETTLED",
    );
    const allocation = (await call<Json>(devnet, "GET", `${PAYMENT}/allocations/${allocationId}`)).body;
    assert.equal(allocation.spentAmount, invoice.amount);
    assert.ok(Math.abs(Number(allocation.remainingAmount) - (5 - Number(invoice.amount))) < 1e-12);
    const payments = (await call<Json[]>(devnet, "GET", `${PAYMENT}/payments?appSessionId=flow`)).body;
    assert.ok(payments.length >= 2);
    const total = payments.reduce((sum, p) => sum + Number(p.amount), 0);
    assert.ok(Math.abs(total - Number(invoice.amount)) < 1e-12, `${total} != ${String(invoice.amount)}`);
    assert.ok(payments.every((p) => p.payeeId === providerId("lynx") && p.payerId === devnet.identity));

    // Still exactly one invoice once everything has settled.
    const invoices = (await call<Json[]>(devnet, "GET", `${PAYMENT}/invoices`)).body.filter(
      (i) => i.agreementId === agreementId,
    );
    assert.equal(invoices.length, 1);
  });

  test("faults noDebitNotes and noInvoice: the provider bills nothing", async () => {
    const { props } = await paymentAllocation(devnet, "1");
    const { agreementId } = await approvedAgreement(devnet, {
      props: { ...props, ...NEGOTIATED },
      providerId: providerId("mute"),
      appSessionId: "mute",
    });
    const activityId = await createActivity(devnet, agreementId);
    // More than one interval passes without a note.
    const notes = await call<Json[]>(
      devnet,
      "GET",
      `${PAYMENT}/debitNoteEvents?timeout=1.5&appSessionId=mute`,
    );
    assert.deepEqual(notes.body, []);
    const ended = once(devnet.context.bus, "activity.ended");
    await call(devnet, "POST", `${MARKET}/agreements/${agreementId}/terminate`, { message: "Finished" });
    const [event] = await ended;
    assert.equal(event.activityId, activityId);
    // The provider would have billed on activity.ended, before this listener ran.
    const invoices = await call<Json[]>(
      devnet,
      "GET",
      `${PAYMENT}/invoiceEvents?timeout=0&appSessionId=mute`,
    );
    assert.deepEqual(invoices.body, []);
    const list = (await call<Json[]>(devnet, "GET", `${PAYMENT}/invoices`)).body;
    assert.equal(list.filter((i) => i.agreementId === agreementId).length, 0);
  });
});
