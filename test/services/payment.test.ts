import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Decimal } from "decimal.js";
import {
  type Agreement,
  type Allocation,
  ApiError,
  type DebitNoteEvent,
  type Subscription,
} from "../../services/index.js";
import {
  checkSchemas,
  demandFor,
  type Harness,
  negotiate,
  newAllocation,
  readyActivity,
  startHarness,
} from "./harness.js";

const INTERVAL_KEY = "golem.com.scheme.payu.debit-note.interval-sec?";

describe("payment against the devnet", () => {
  let h: Harness;
  let allocation: Allocation;
  let agreement: Agreement;
  let subscription: Subscription;
  const started = new Date();

  before(async () => {
    h = await startHarness({
      seed: "payment",
      providers: [
        { name: "lynx", debitNoteIntervalSec: 1, prices: { start: 0.01, cpuSec: 0.5, durationSec: 0.25 } },
      ],
    });
    allocation = await newAllocation(h, "100");
    ({ agreement, subscription } = await negotiate(h, await demandFor(h, allocation, { [INTERVAL_KEY]: 1 })));
  });
  after(async () => {
    await subscription.delete();
    await h.stop();
  });

  test("requestor accounts", async () => {
    const accounts = await h.api.payment.accounts();
    const holesky = accounts.find((a) => a.platform === "erc20-holesky-tglm");
    assert.ok(holesky);
    assert.equal(holesky.address, h.devnet.identity);
    assert.equal(holesky.send, true);
  });

  test("allocation: exact Decimal amount, listing, details, decorations, release", async () => {
    const amount = new Decimal("12.345678901234567891");
    const expires = new Date(Date.now() + 3_600_000);
    const a = await h.api.payment.newAllocation(amount, "erc20-holesky-tglm", h.devnet.identity, { expires });
    assert.ok(a.amount.equals(amount), a.amount.toFixed());
    assert.equal(a.paymentPlatform, "erc20-holesky-tglm");
    assert.equal(a.paymentAddress, h.devnet.identity);
    assert.equal(a.expires?.getTime(), expires.getTime());
    assert.ok((await h.api.payment.allocations()).some((x) => x.id === a.id));
    assert.equal((await h.api.payment.allocation(a.id)).id, a.id);
    const details = await a.details();
    assert.equal(details.spentAmount.toFixed(), "0");
    assert.ok(details.remainingAmount.equals(amount));

    const decoration = await h.api.payment.decorateDemand([a.id]);
    const address = decoration.properties.find(
      (p) => p.key === "golem.com.payment.platform.erc20-holesky-tglm.address",
    );
    assert.equal(address?.value, h.devnet.identity);
    assert.ok(decoration.constraints.includes("(golem.com.payment.platform.erc20-holesky-tglm.address=*)"));

    await a.release();
    await a.release();
    assert.ok(!(await h.api.payment.allocations()).some((x) => x.id === a.id));
    await assert.rejects(
      h.api.payment.allocation(a.id),
      (e: unknown) => e instanceof ApiError && [404, 410].includes(e.status),
    );
  });

  test("a refused allocation is an ApiError carrying the problem's detail", async () => {
    await assert.rejects(
      h.api.payment.newAllocation("1", "erc20-rinkeby-tglm", h.devnet.identity),
      (err: unknown) => {
        assert.ok(err instanceof ApiError && err.status >= 400 && err.status < 500, String(err));
        assert.ok(err.daemonMessage, "the problem+json detail is the message");
        return true;
      },
    );
    await assert.rejects(
      h.api.payment.decorateDemand(["no-such-allocation"]),
      (e: unknown) => e instanceof ApiError && e.status === 404,
    );
  });

  test("debit notes: received event, exact accept from the allocation, wrong amount refused", async () => {
    const activity = await readyActivity(h, agreement);
    const feed = h.api.payment.debitNoteEvents({ since: started, pollTimeoutMs: 2000 });
    try {
      let event: DebitNoteEvent | undefined;
      for await (const ev of feed) {
        if (ev.eventType === "DebitNoteReceivedEvent") {
          event = ev;
          break;
        }
      }
      assert.ok(event);
      const note = await h.api.payment.debitNote(event.debitNoteId);
      assert.equal(note.agreementId, agreement.id);
      assert.equal(note.activityId, activity.id);
      assert.ok(note.totalAmountDue.greaterThan(0));
      await assert.rejects(
        note.accept(note.totalAmountDue.plus("0.000000000000000001"), allocation),
        (e: unknown) => {
          assert.ok(e instanceof ApiError && e.status === 400, String(e));
          return true;
        },
      );
      const before = await allocation.details();
      await note.accept(note.totalAmountDue, allocation);
      const after = await allocation.details();
      assert.ok(
        after.spentAmount.minus(before.spentAmount).equals(note.totalAmountDue),
        after.spentAmount.toFixed(),
      );
      // The devnet's payment driver may settle an accepted payable note at once.
      assert.ok(["ACCEPTED", "SETTLED"].includes((await h.api.payment.debitNote(note.id)).status));
      assert.ok((await h.api.payment.debitNotes({ since: started })).some((n) => n.id === note.id));
    } finally {
      await feed.return(undefined);
      await activity.destroy();
    }
  });

  test("event paging: many debit-note events, small pages, none lost or repeated", async () => {
    const since = new Date();
    for (let i = 0; i < 12; i++) {
      const a = await h.api.activity.newActivity(agreement.id);
      await a.destroy(); // each destroyed activity sends its final debit note at once
    }
    const expected = new Set((await h.api.payment.debitNotes({ since })).map((n) => n.id));
    assert.ok(expected.size >= 12, `${expected.size} notes`);
    const controller = new AbortController();
    const got: string[] = [];
    for await (const ev of h.api.payment.debitNoteEvents({
      since,
      maxEvents: 3,
      pollTimeoutMs: 1000,
      signal: controller.signal,
    })) {
      if (ev.eventType !== "DebitNoteReceivedEvent") continue;
      got.push(ev.debitNoteId);
      if (got.filter((id) => expected.has(id)).length === expected.size) controller.abort();
    }
    assert.equal(new Set(got).size, got.length, "no event repeated");
    for (const id of expected) assert.ok(got.includes(id), `event for ${id} delivered`);
    const pages = h.exchanges.filter(
      (e) => e.url.includes("/debitNoteEvents") && e.url.includes("maxEvents=3"),
    );
    assert.ok(pages.length >= Math.ceil(expected.size / 3), `${pages.length} pages`);
  });

  test("invoice: after terminate, received event, accept for the exact amount; payments", async () => {
    const invoices = h.api.payment.invoiceEvents({ since: started, pollTimeoutMs: 2000 });
    try {
      assert.equal(await agreement.terminate(), true);
      let invoiceId: string | undefined;
      for await (const ev of invoices) {
        if (ev.eventType === "InvoiceReceivedEvent") {
          invoiceId = ev.invoiceId;
          break;
        }
      }
      assert.ok(invoiceId);
      const invoice = await h.api.payment.invoice(invoiceId);
      assert.equal(invoice.agreementId, agreement.id);
      assert.ok(invoice.amount.greaterThanOrEqualTo(0));
      await invoice.accept(invoice.amount, allocation.id);
      assert.notEqual((await h.api.payment.invoice(invoiceId)).status, "RECEIVED");
      assert.ok((await h.api.payment.invoices({ since: started })).some((i) => i.id === invoiceId));
      const payments = await h.api.payment.payments({ since: started });
      assert.ok(Array.isArray(payments));
      for (const p of payments) assert.ok(new Decimal(p.amount).greaterThanOrEqualTo(0));
    } finally {
      await invoices.return(undefined);
    }
  });

  test("every exchange matches the OpenAPI schemas", (t) => checkSchemas(t, h.exchanges));
});
