// The providers' billing and the requestor's acceptance, over HTTP, with hand-driven
// market and activity ports: debit-note chains, events, accept rules, invoices,
// the acceptance deadline, and the billing faults.
import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import type { AgreementView, ProviderNode } from "../../devnet/context.js";
import { createPaymentApi } from "../../devnet/payment/index.js";
import { call, type FakeContext, fakeContext, type RouteServer, serveRoutes } from "./helpers.js";

type Json = Record<string, unknown>;
const P = "/payment-api/v1";
const PLATFORM = "erc20-holesky-tglm";

describe("payment API: provider billing and acceptance", { timeout: 30_000 }, () => {
  let ctx: FakeContext;
  let server: RouteServer;
  let stop: () => void;
  let allocationId: string;

  before(async () => {
    ctx = fakeContext({
      seed: "billing",
      providers: [
        { name: "lynx" },
        { name: "mute", faults: { noDebitNotes: true } },
        { name: "shy", faults: { noInvoice: true } },
      ],
      accounts: [
        { platform: PLATFORM, balance: "1000" },
        { platform: "erc20-polygon-glm", balance: "100" },
      ],
    });
    const payment = createPaymentApi(ctx);
    stop = () => payment.stop?.();
    server = await serveRoutes(ctx, payment.routes);
    const res = await call<Json>(server, "POST", `${P}/allocations`, {
      paymentPlatform: PLATFORM,
      totalAmount: "500",
    });
    allocationId = String(res.body.allocationId);
  });
  after(async () => {
    stop();
    await server.close();
  });

  const provider = (name: string): ProviderNode => ctx.providers.find((p) => p.name === name)!;

  /** An Approved agreement whose offer bills `coeffs` every `intervalSec`. */
  function agree(name: string, terms: Json = {}, appSessionId?: string): AgreementView {
    const p = provider(name);
    const offer: Json = {
      "golem.com.pricing.model.linear.coeffs": [0.1, 0.01, 0.5],
      "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"],
      [`golem.com.payment.platform.${PLATFORM}.address`]: p.id,
      "golem.com.scheme.payu.debit-note.interval-sec?": 0.05,
      ...terms,
    };
    const demand: Json = {
      "golem.com.payment.chosen-platform": PLATFORM,
      [`golem.com.payment.platform.${PLATFORM}.address`]: ctx.requestor.identity,
    };
    return ctx.market.approve(
      p,
      appSessionId === undefined ? { demand, offer } : { demand, offer, appSessionId },
    );
  }

  /** Long-polls an event stream from `after` until `count` events came, paging by the last eventDate. */
  async function collect(
    stream: string,
    count: number,
    opts: { after?: string; query?: string; headers?: Record<string, string> } = {},
  ) {
    const events: Json[] = [];
    let cursor = opts.after ?? new Date(0).toISOString();
    while (events.length < count) {
      const url = `${P}/${stream}?timeout=3&maxEvents=3&afterTimestamp=${encodeURIComponent(cursor)}${opts.query ?? ""}`;
      const res = await call<Json[]>(server, "GET", url, undefined, opts.headers);
      assert.equal(res.status, 200);
      assert.ok(res.body.length > 0, `no event after ${cursor} (${events.length}/${count})`);
      assert.ok(res.body.length <= 3);
      events.push(...res.body);
      // Round-trip through Date, as golem-js does: milliseconds only.
      cursor = new Date(String(res.body[res.body.length - 1]!.eventDate)).toISOString();
    }
    return events;
  }

  const getNote = async (id: unknown) =>
    (await call<Json>(server, "GET", `${P}/debitNotes/${String(id)}`)).body;
  const accept = (
    kind: "debitNotes" | "invoices",
    id: unknown,
    totalAmountAccepted: unknown,
    alloc = allocationId,
  ) =>
    call<Json | null>(server, "POST", `${P}/${kind}/${String(id)}/accept?timeout=5`, {
      totalAmountAccepted,
      allocationId: alloc,
    });

  test("an activity's debit notes chain up, arrive as events without loss, and are paid on acceptance", async () => {
    const start = new Date(Date.now() - 1).toISOString();
    const agreement = agree("lynx", {}, "session-a");
    const activityId = ctx.activity.create(agreement.agreementId);
    let tick = 0;
    const grow = setInterval(() => {
      tick++;
      ctx.activity.setUsage(activityId, [tick * 0.5, tick]);
    }, 10);
    let events: Json[];
    try {
      events = await collect("debitNoteEvents", 12, { after: start, query: "&appSessionId=session-a" });
    } finally {
      clearInterval(grow);
    }

    assert.deepEqual(
      events.map((e) => Object.keys(e)),
      events.map(() => ["debitNoteId", "eventDate", "eventType"]),
    );
    assert.ok(events.every((e) => e.eventType === "DebitNoteReceivedEvent"));
    const ids = events.map((e) => String(e.debitNoteId));
    assert.equal(new Set(ids).size, ids.length, "an event came twice");
    const dates = events.map((e) => Date.parse(String(e.eventDate)));
    assert.ok(
      dates.every((d, i) => i === 0 || d > dates[i - 1]!),
      "events out of order",
    );

    const notes = await Promise.all(ids.map(getNote));
    notes.forEach((n, i) => {
      assert.equal(n.status, "RECEIVED");
      assert.equal(n.agreementId, agreement.agreementId);
      assert.equal(n.activityId, activityId);
      assert.equal(n.issuerId, provider("lynx").id);
      assert.equal(n.recipientId, ctx.requestor.identity);
      assert.equal(n.payeeAddr, provider("lynx").id);
      assert.equal(n.payerAddr, ctx.requestor.identity);
      assert.equal(n.paymentPlatform, PLATFORM);
      assert.equal("paymentDueDate" in n, false, "no payment timeout was agreed");
      if (i === 0) assert.equal("previousDebitNoteId" in n, false);
      else assert.equal(n.previousDebitNoteId, ids[i - 1]);
      const [cpu, duration] = n.usageCounterVector as number[];
      const due = 0.5 + 0.1 * cpu! + 0.01 * duration!;
      assert.ok(Math.abs(Number(n.totalAmountDue) - due) < 1e-12, `${n.totalAmountDue} != ${due}`);
      if (i > 0) assert.ok(Number(n.totalAmountDue) >= Number(notes[i - 1]!.totalAmountDue));
    });
    // Notes fall due at createdAt + k * interval.
    const offsets = notes.map((n) => Date.parse(String(n.timestamp)) - agreement.createdAt);
    assert.ok(
      offsets.every((o) => o >= 50),
      `a note came before the first interval: ${offsets}`,
    );

    const fourth = notes[3]!;
    const due = String(fourth.totalAmountDue);
    const wrong = await accept("debitNotes", fourth.debitNoteId, `${due}1`);
    assert.deepEqual([wrong.status, wrong.body], [400, { message: "Invalid amount accepted" }]);
    const unknownAlloc = await accept(
      "debitNotes",
      fourth.debitNoteId,
      due,
      "00000000-0000-4000-8000-000000000000",
    );
    assert.deepEqual(
      [unknownAlloc.status, unknownAlloc.body],
      [400, { message: "Allocation 00000000-0000-4000-8000-000000000000 not found" }],
    );
    const glm = await call<Json>(server, "POST", `${P}/allocations`, {
      paymentPlatform: "erc20-polygon-glm",
      totalAmount: "1",
    });
    const mismatch = await accept("debitNotes", fourth.debitNoteId, due, String(glm.body.allocationId));
    assert.equal(mismatch.status, 400);
    assert.match(String((mismatch.body as Json).message), /platform/);
    const small = await call<Json>(server, "POST", `${P}/allocations`, {
      paymentPlatform: PLATFORM,
      totalAmount: "0.5",
    });
    const poor = await accept("debitNotes", fourth.debitNoteId, due, String(small.body.allocationId));
    assert.deepEqual(
      [poor.status, poor.body],
      [400, { message: `Not enough funds. Allocated: 0.5 Needed: ${due}` }],
    );
    await call(server, "DELETE", `${P}/allocations/${String(small.body.allocationId)}`);
    const released = await accept("debitNotes", fourth.debitNoteId, due, String(small.body.allocationId));
    assert.equal(released.status, 410);
    const missing = await accept("debitNotes", "00000000-0000-4000-8000-000000000000", "1");
    assert.deepEqual([missing.status, missing.body], [404, { message: null }]);
    const noBody = await call<Json>(server, "POST", `${P}/debitNotes/${String(fourth.debitNoteId)}/accept`, {
      allocationId,
    });
    assert.equal(noBody.status, 400);

    // The exact amount, written differently, is the same number.
    const ok = await accept("debitNotes", fourth.debitNoteId, `${due}${due.includes(".") ? "" : "."}000`);
    assert.deepEqual([ok.status, ok.body], [200, null]);
    assert.equal((await getNote(fourth.debitNoteId)).status, "SETTLED");
    const twice = await accept("debitNotes", fourth.debitNoteId, due);
    assert.deepEqual([twice.status, twice.body], [200, null]);

    // Accepting an earlier note after a later one charges nothing more.
    const second = notes[1]!;
    assert.equal((await accept("debitNotes", second.debitNoteId, second.totalAmountDue)).status, 200);
    const last = notes[notes.length - 1]!;
    assert.equal((await accept("debitNotes", last.debitNoteId, last.totalAmountDue)).status, 200);

    const alloc = (await call<Json>(server, "GET", `${P}/allocations/${allocationId}`)).body;
    assert.equal(alloc.spentAmount, last.totalAmountDue);
    const payments = (await call<Json[]>(server, "GET", `${P}/payments?appSessionId=session-a`)).body;
    assert.equal(payments.length, 2, "one payment per charged increment");
    assert.equal(payments[0]!.amount, due);
    assert.deepEqual(payments[0]!.activityPayments, [{ activityId, amount: due, allocationId }]);
    const paid = Number(payments[0]!.amount) + Number(payments[1]!.amount);
    assert.ok(Math.abs(paid - Number(last.totalAmountDue)) < 1e-12);
    assert.equal(payments[0]!.payeeId, provider("lynx").id);
    assert.equal(payments[0]!.payerId, ctx.requestor.identity);
    assert.deepEqual(payments[0]!.agreementPayments, []);
    const one = await call<Json>(server, "GET", `${P}/payments/${String(payments[0]!.paymentId)}`);
    assert.deepEqual(one.body, payments[0]);

    // The final note comes when the activity ends; the invoice when the agreement is over.
    ctx.activity.end(activityId, agreement.agreementId);
    const afterLast = String(events[events.length - 1]!.eventDate);
    const lastNotes = (
      await call<Json[]>(server, "GET", `${P}/debitNotes?afterTimestamp=${encodeURIComponent(afterLast)}`)
    ).body;
    const finalNote = lastNotes[lastNotes.length - 1]!;
    assert.equal(finalNote.activityId, activityId);
    assert.equal((await accept("debitNotes", finalNote.debitNoteId, finalNote.totalAmountDue)).status, 200);
    ctx.market.terminateByRequestor(agreement.agreementId);

    const [invoiceEvent] = await collect("invoiceEvents", 1, {
      after: start,
      query: "&appSessionId=session-a",
    });
    assert.deepEqual(Object.keys(invoiceEvent!), ["invoiceId", "eventDate", "eventType"]);
    assert.equal(invoiceEvent!.eventType, "InvoiceReceivedEvent");
    const invoice = (await call<Json>(server, "GET", `${P}/invoices/${String(invoiceEvent!.invoiceId)}`))
      .body;
    assert.equal(invoice.status, "RECEIVED");
    assert.equal(invoice.amount, finalNote.totalAmountDue);
    assert.deepEqual(invoice.activityIds, [activityId]);
    const dueIn = Date.parse(String(invoice.paymentDueDate)) - Date.parse(String(invoice.timestamp));
    assert.ok(Math.abs(dueIn - 24 * 3600_000) < 1000, "due in a day without an agreed payment timeout");
    assert.equal((await accept("invoices", invoice.invoiceId, "1e9")).status, 400);
    assert.deepEqual((await accept("invoices", invoice.invoiceId, invoice.amount)).body, null);
    assert.equal(
      (await call<Json>(server, "GET", `${P}/invoices/${String(invoice.invoiceId)}`)).body.status,
      "SETTLED",
    );
    const spent = (await call<Json>(server, "GET", `${P}/allocations/${allocationId}`)).body.spentAmount;
    assert.equal(spent, invoice.amount, "everything was paid through debit notes");
    const expenditures = (await call<Json[]>(server, "GET", `${P}/allocations/${allocationId}/expenditures`))
      .body;
    assert.deepEqual(expenditures, [
      {
        allocationId,
        agreementId: agreement.agreementId,
        activityId,
        acceptedAmount: invoice.amount,
        scheduledAmount: invoice.amount,
      },
    ]);
    // Exactly one invoice, and no more notes.
    const invoices = (await call<Json[]>(server, "GET", `${P}/invoices`)).body.filter(
      (i) => i.agreementId === agreement.agreementId,
    );
    assert.equal(invoices.length, 1);
  });

  test("the invoice waits for running activities, sums them, and pays what notes did not", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree("lynx", {
      "golem.com.scheme.payu.debit-note.interval-sec?": 3600,
      "golem.com.scheme.payu.payment-timeout-sec?": 60,
    });
    const a1 = ctx.activity.create(agreement.agreementId);
    const a2 = ctx.activity.create(agreement.agreementId);
    ctx.activity.setUsage(a1, [1, 10]);
    ctx.activity.setUsage(a2, [2, 20]);
    ctx.activity.end(a1, agreement.agreementId);
    ctx.market.terminateByRequestor(agreement.agreementId);
    const none = await call<Json[]>(
      server,
      "GET",
      `${P}/invoices?afterTimestamp=${encodeURIComponent(since)}`,
    );
    assert.equal(none.body.length, 0, "no invoice while an activity still runs");
    ctx.activity.end(a2, agreement.agreementId);

    const notes = (
      await call<Json[]>(server, "GET", `${P}/debitNotes?afterTimestamp=${encodeURIComponent(since)}`)
    ).body.filter((n) => n.agreementId === agreement.agreementId);
    assert.equal(notes.length, 2, "one final note per activity");
    assert.ok(
      notes.every((n) => typeof n.paymentDueDate === "string"),
      "final notes are payable when a payment timeout is agreed",
    );
    const [invoice] = (
      await call<Json[]>(server, "GET", `${P}/invoices?afterTimestamp=${encodeURIComponent(since)}`)
    ).body.filter((i) => i.agreementId === agreement.agreementId);
    // (0.5 + 0.1 * 1 + 0.01 * 10) + (0.5 + 0.1 * 2 + 0.01 * 20)
    assert.equal(invoice!.amount, "1.6");
    assert.deepEqual(invoice!.activityIds, [a1, a2]);
    const dueIn = Date.parse(String(invoice!.paymentDueDate)) - Date.parse(String(invoice!.timestamp));
    assert.ok(Math.abs(dueIn - 60_000) < 1000);

    const before = (await call<Json>(server, "GET", `${P}/allocations/${allocationId}`)).body
      .spentAmount as string;
    assert.equal((await accept("debitNotes", notes[0]!.debitNoteId, notes[0]!.totalAmountDue)).status, 200);
    assert.equal((await accept("invoices", invoice!.invoiceId, invoice!.amount)).status, 200);
    const spent = (await call<Json>(server, "GET", `${P}/allocations/${allocationId}`)).body
      .spentAmount as string;
    assert.equal(Math.round((Number(spent) - Number(before)) * 1e9) / 1e9, 1.6);
    const payments = (
      await call<Json[]>(server, "GET", `${P}/payments?afterTimestamp=${encodeURIComponent(since)}`)
    ).body;
    assert.deepEqual(
      payments.map((p) => [
        p.amount,
        (p.agreementPayments as Json[]).length,
        (p.activityPayments as Json[]).length,
      ]),
      [
        [notes[0]!.totalAmountDue, 0, 1],
        [String(Math.round((1.6 - Number(notes[0]!.totalAmountDue)) * 1e9) / 1e9), 1, 0],
      ],
    );
    // Once the invoice is accepted, a late debit-note accept changes nothing.
    assert.equal((await accept("debitNotes", notes[1]!.debitNoteId, notes[1]!.totalAmountDue)).status, 200);
    assert.equal(
      (await call<Json>(server, "GET", `${P}/allocations/${allocationId}`)).body.spentAmount,
      spent,
    );
  });

  test("an agreement without activities is invoiced 0, and accepting 0 pays nothing", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree("lynx");
    ctx.market.terminateByProvider(agreement.agreementId, { message: "No activity created within 90s" });
    const [event] = await collect("invoiceEvents", 1, { after: since });
    const invoice = (await call<Json>(server, "GET", `${P}/invoices/${String(event!.invoiceId)}`)).body;
    assert.deepEqual([invoice.amount, invoice.activityIds], ["0", []]);
    assert.equal((await accept("invoices", invoice.invoiceId, "0.000")).status, 200);
    const payments = (
      await call<Json[]>(server, "GET", `${P}/payments?timeout=0&afterTimestamp=${encodeURIComponent(since)}`)
    ).body;
    assert.deepEqual(payments, []);
  });

  test("unaccepted debit notes past the agreed deadline break the agreement (DebitNotesDeadline)", async () => {
    const agreement = agree("lynx", { "golem.com.payment.debit-notes.accept-timeout?": 0.3 });
    ctx.activity.create(agreement.agreementId);
    const [terminated] = await once(ctx.bus, "agreement.terminated");
    assert.equal(terminated.agreementId, agreement.agreementId);
    assert.equal(terminated.terminator, "Provider");
    assert.deepEqual(terminated.reason, {
      message: "Requestor isn't accepting DebitNotes in time (300ms)",
      "golem.provider.code": "DebitNotesDeadline",
    });
  });

  test("debit notes accepted in time keep the agreement alive", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree("lynx", { "golem.com.payment.debit-notes.accept-timeout?": 0.3 }, "session-kept");
    const activityId = ctx.activity.create(agreement.agreementId);
    let cursor = since;
    let accepted = 0;
    while (accepted < 15) {
      const url = `${P}/debitNoteEvents?timeout=3&appSessionId=session-kept&afterTimestamp=${encodeURIComponent(cursor)}`;
      const events = (await call<Json[]>(server, "GET", url)).body;
      for (const e of events) {
        const note = await getNote(e.debitNoteId);
        assert.equal((await accept("debitNotes", note.debitNoteId, note.totalAmountDue)).status, 200);
        accepted++;
        cursor = String(e.eventDate);
      }
    }
    assert.equal(agreement.state, "Approved");
    ctx.activity.end(activityId, agreement.agreementId);
    ctx.market.terminateByRequestor(agreement.agreementId);
  });

  test("X-Requestor-Events shows the accepted and settled events too", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree("lynx", {}, "session-x");
    const activityId = ctx.activity.create(agreement.agreementId);
    ctx.activity.end(activityId, agreement.agreementId);
    const [received] = await collect("debitNoteEvents", 1, {
      after: since,
      query: "&appSessionId=session-x",
    });
    const note = await getNote(received!.debitNoteId);
    await accept("debitNotes", note.debitNoteId, note.totalAmountDue);
    const headers = { "X-Requestor-Events": "RECEIVED,ACCEPTED,SETTLED,PAYMENT_OK,CANCELLED" };
    const all = await collect("debitNoteEvents", 4, {
      after: since,
      query: "&appSessionId=session-x",
      headers,
    });
    assert.deepEqual(
      all.map((e) => e.eventType),
      [
        "DebitNoteReceivedEvent",
        "DebitNoteAcceptedEvent",
        "DebitNoteSettledEvent",
        "DebitNotePaymentOkEvent",
      ],
    );
    assert.ok(all.every((e) => e.debitNoteId === note.debitNoteId));
    const settledOnly = await call<Json[]>(
      server,
      "GET",
      `${P}/debitNoteEvents?timeout=0&appSessionId=session-x&afterTimestamp=${encodeURIComponent(since)}`,
      undefined,
      { "X-Requestor-Events": "SETTLED" },
    );
    assert.deepEqual(
      settledOnly.body.map((e) => e.eventType),
      ["DebitNoteSettledEvent"],
    );
    const byDefault = await call<Json[]>(
      server,
      "GET",
      `${P}/debitNoteEvents?timeout=0&appSessionId=session-x`,
    );
    assert.deepEqual(
      byDefault.body.map((e) => e.eventType),
      ["DebitNoteReceivedEvent"],
    );
    const otherSession = await call<Json[]>(
      server,
      "GET",
      `${P}/debitNoteEvents?timeout=0&appSessionId=nobody`,
    );
    assert.deepEqual(otherSession.body, []);
    ctx.market.terminateByRequestor(agreement.agreementId);
  });

  test("a long poll wakes up as soon as a note arrives", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree(
      "lynx",
      { "golem.com.scheme.payu.debit-note.interval-sec?": 3600 },
      "session-wake",
    );
    const activityId = ctx.activity.create(agreement.agreementId);
    const started = Date.now();
    const poll = call<Json[]>(
      server,
      "GET",
      `${P}/debitNoteEvents?timeout=10&appSessionId=session-wake&afterTimestamp=${encodeURIComponent(since)}`,
    );
    // The note is made while the poll is waiting, not before it.
    setTimeout(() => ctx.activity.end(activityId, agreement.agreementId), 200);
    const res = await poll;
    assert.equal(res.body.length, 1);
    const waited = Date.now() - started;
    assert.ok(waited >= 150 && waited < 2000, `the poll answered after ${waited} ms`);
    ctx.market.terminateByRequestor(agreement.agreementId);
  });

  test("fault noDebitNotes: no notes, but the invoice still bills the activity", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree("mute", {}, "session-mute");
    const activityId = ctx.activity.create(agreement.agreementId);
    ctx.activity.setUsage(activityId, [1, 1]);
    // Several intervals go by with no note.
    const poll = await call<Json[]>(
      server,
      "GET",
      `${P}/debitNoteEvents?timeout=0.3&appSessionId=session-mute`,
    );
    assert.deepEqual(poll.body, []);
    ctx.activity.end(activityId, agreement.agreementId);
    ctx.market.terminateByRequestor(agreement.agreementId);
    const [event] = await collect("invoiceEvents", 1, { after: since, query: "&appSessionId=session-mute" });
    const invoice = (await call<Json>(server, "GET", `${P}/invoices/${String(event!.invoiceId)}`)).body;
    assert.equal(invoice.amount, "0.61");
    const notes = (
      await call<Json[]>(server, "GET", `${P}/debitNotes?afterTimestamp=${encodeURIComponent(since)}`)
    ).body;
    assert.equal(notes.filter((n) => n.agreementId === agreement.agreementId).length, 0);
  });

  test("fault noInvoice: notes come, the invoice never does", async () => {
    const since = new Date(Date.now() - 1).toISOString();
    const agreement = agree("shy", {}, "session-shy");
    const activityId = ctx.activity.create(agreement.agreementId);
    ctx.activity.end(activityId, agreement.agreementId);
    ctx.market.terminateByRequestor(agreement.agreementId);
    const notes = await collect("debitNoteEvents", 1, { after: since, query: "&appSessionId=session-shy" });
    assert.equal(notes.length, 1);
    const invoices = await call<Json[]>(
      server,
      "GET",
      `${P}/invoiceEvents?timeout=0.3&appSessionId=session-shy`,
    );
    assert.deepEqual(invoices.body, []);
  });

  test("reject and per-document payments are not implemented (501)", async () => {
    for (const path of ["debitNotes/x/reject", "invoices/x/reject"]) {
      const res = await call(server, "POST", `${P}/${path}`, {
        rejectionReason: "BAD_SERVICE",
        totalAmountAccepted: "0",
      });
      assert.deepEqual([res.status, res.body], [501, { message: null }], path);
    }
    for (const path of ["debitNotes/x/payments", "invoices/x/payments"]) {
      const res = await call(server, "GET", `${P}/${path}`);
      assert.deepEqual([res.status, res.body], [501, { message: null }], path);
    }
    const missing = await call(server, "GET", `${P}/invoices/00000000-0000-4000-8000-000000000000`);
    assert.deepEqual([missing.status, missing.body], [404, { message: null }]);
    const missingNote = await call(server, "GET", `${P}/debitNotes/00000000-0000-4000-8000-000000000000`);
    assert.deepEqual([missingNote.status, missingNote.body], [404, { message: null }]);
  });
});
