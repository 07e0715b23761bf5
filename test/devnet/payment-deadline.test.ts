// A requestor that agreed to accept debit notes within 5 s (the shortest a provider
// takes) and does not: the provider breaks the agreement with DebitNotesDeadline.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startDevnet } from "../../devnet/index.js";
import { approvedAgreement, call, createActivity, MARKET, PAYMENT, paymentAllocation } from "./helpers.js";

type Json = Record<string, unknown>;

test("unaccepted debit notes break the agreement after the agreed accept-timeout", {
  timeout: 30_000,
}, async () => {
  const devnet = await startDevnet({
    port: 0,
    seed: "payment-deadline",
    providers: [{ name: "lynx", debitNoteIntervalSec: 1 }],
  });
  try {
    const since = new Date(Date.now() - 1).toISOString();
    const { props } = await paymentAllocation(devnet, "1");
    const { agreementId } = await approvedAgreement(devnet, {
      props: {
        ...props,
        "golem.com.scheme.payu.debit-note.interval-sec?": 1,
        "golem.com.payment.debit-notes.accept-timeout?": 5,
      },
      appSessionId: "late",
    });
    const agreement = await call<{ offer: { properties: Json } }>(
      devnet,
      "GET",
      `${MARKET}/agreements/${agreementId}`,
    );
    assert.equal(
      agreement.body.offer.properties["golem.com.payment.debit-notes.accept-timeout?"],
      5,
      "the deadline was agreed",
    );
    await createActivity(devnet, agreementId);

    let terminated: Json | undefined;
    let cursor = since;
    while (!terminated) {
      const query = `timeout=10&appSessionId=late&afterTimestamp=${encodeURIComponent(cursor)}`;
      const { body } = await call<Json[]>(devnet, "GET", `${MARKET}/agreementEvents?${query}`);
      assert.ok(body.length > 0, "the agreement was not broken in time");
      terminated = body.find((e) => e.eventType === "AgreementTerminatedEvent");
      cursor = String(body[body.length - 1]!.eventDate);
    }
    assert.equal(terminated.terminator, "Provider");
    assert.deepEqual(terminated.reason, {
      message: "Requestor isn't accepting DebitNotes in time (5s)",
      "golem.provider.code": "DebitNotesDeadline",
    });
    // The notes were sent, and left unaccepted.
    const notes = await call<Json[]>(devnet, "GET", `${PAYMENT}/debitNoteEvents?timeout=0&appSessionId=late`);
    assert.ok(notes.body.length >= 5);
    const first = await call<Json>(
      devnet,
      "GET",
      `${PAYMENT}/debitNotes/${String(notes.body[0]!.debitNoteId)}`,
    );
    assert.equal(first.body.status, "RECEIVED");
    // Breaking the agreement still ends in an invoice.
    const invoices = await call<Json[]>(
      devnet,
      "GET",
      `${PAYMENT}/invoiceEvents?timeout=5&appSessionId=late`,
    );
    assert.equal(invoices.body.length, 1);
  } finally {
    await devnet.stop();
  }
});
