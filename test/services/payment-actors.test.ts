// The payment actors against a scripted daemon: exact amounts, retries of intermittent
// failures only, and a payment-events feed that recovers from a failing poll.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type AnyEventObject, createActor, createMachine, toPromise, waitFor } from "xstate";
import { type PaymentActorsOptions, paymentActors } from "../../services/actors/payment.actors.js";
import { createYagnaApi, type YagnaApi } from "../../services/index.js";
import { type Hit, type ScriptedServer, sendJson, startScriptedServer } from "./helpers.js";

const PREFIX = "/payment-api/v1";
const GSB = { message: "GSB error: GSB failure: Bad request: endpoint address not found: /net/0x1/exeunit" };
const FAST: PaymentActorsOptions = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } };

const note = (id: string, amount: string) => ({
  debitNoteId: id,
  issuerId: "0xprov",
  recipientId: "0xme",
  payeeAddr: "0xprov",
  payerAddr: "0xme",
  paymentPlatform: "erc20-holesky-tglm",
  timestamp: "2024-01-01T00:00:00.000000Z",
  agreementId: "agr-1",
  activityId: "act-1",
  totalAmountDue: amount,
  status: "RECEIVED",
});

/** What the scripted daemon answers: a queue of answers per `METHOD path` (the last one repeats). */
type Script = Record<string, [number, unknown][]>;

describe("payment actors against a scripted daemon", () => {
  let server: ScriptedServer;
  let yagna: YagnaApi;
  let script: Script = {};

  before(async () => {
    server = await startScriptedServer((hit: Hit, res) => {
      const path = hit.url.split("?")[0]!.slice(PREFIX.length);
      const answers = script[`${hit.method} ${path}`];
      if (!answers) return sendJson(res, 404, { message: `unscripted ${hit.method} ${path}` });
      const [status, body] = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (status === 200 && body === undefined) {
        res.writeHead(200, { "content-length": "0" });
        return res.end();
      }
      sendJson(res, status, body);
    });
    yagna = createYagnaApi({
      appKey: "k",
      url: server.url,
      env: {},
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
  });
  after(async () => {
    await yagna.close();
    await server.close();
  });

  const accepts = () => server.hits.filter((h) => h.method === "POST" && h.url.includes("/accept"));
  const acceptNote = (amount = "0.25") =>
    toPromise(
      createActor(paymentActors(yagna.payment, FAST).acceptDebitNote, {
        input: { agreementId: "agr-1", allocationId: "alloc-1", debitNoteId: "dn-1", amount },
      }).start(),
    );

  test("accepts a debit note for its exact amount, retrying GSB failures", async () => {
    server.hits.length = 0;
    script = {
      "GET /debitNotes/dn-1": [[200, note("dn-1", "0.250000000000000001")]],
      "POST /debitNotes/dn-1/accept": [
        [500, GSB],
        [500, GSB],
        [200, undefined],
      ],
    };
    await acceptNote("0.250000000000000001");
    assert.equal(accepts().length, 3);
    assert.deepEqual(JSON.parse(accepts()[2]!.body), {
      totalAmountAccepted: "0.250000000000000001",
      allocationId: "alloc-1",
    });
  });

  test("gives up on intermittent failures after the configured attempts", async () => {
    server.hits.length = 0;
    script = {
      "GET /debitNotes/dn-1": [[200, note("dn-1", "0.25")]],
      "POST /debitNotes/dn-1/accept": [[500, GSB]],
    };
    await assert.rejects(acceptNote(), /endpoint address not found.*\(gave up after 3 attempts\)$/);
    assert.equal(accepts().length, 3);
  });

  test("does not retry a refusal, and refuses a note whose amount is not the one checked", async () => {
    server.hits.length = 0;
    script = {
      "GET /debitNotes/dn-1": [[200, note("dn-1", "0.25")]],
      "POST /debitNotes/dn-1/accept": [[400, { message: "Not enough funds. Allocated: 0 Needed: 0.25" }]],
    };
    await assert.rejects(acceptNote(), /failed with 400: Not enough funds/);
    assert.equal(accepts().length, 1);
    server.hits.length = 0;
    await assert.rejects(acceptNote("0.2"), /^Error: debit note dn-1 is due 0.25, not 0.2$/);
    assert.equal(accepts().length, 0);
  });

  test("accepts an invoice of its agreement only", async () => {
    server.hits.length = 0;
    const invoice = { ...note("x", "0"), invoiceId: "inv-1", amount: "1.5", activityIds: ["act-1"] };
    script = {
      "GET /invoices/inv-1": [[200, invoice]],
      "POST /invoices/inv-1/accept": [[200, undefined]],
    };
    const accept = (agreementId: string) =>
      toPromise(
        createActor(paymentActors(yagna.payment, FAST).acceptInvoice, {
          input: { agreementId, allocationId: "alloc-1", invoiceId: "inv-1", amount: "1.5" },
        }).start(),
      );
    await assert.rejects(accept("agr-2"), /invoice inv-1 belongs to agreement agr-1, not agr-2/);
    await accept("agr-1");
    assert.deepEqual(JSON.parse(accepts()[0]!.body), { totalAmountAccepted: "1.5", allocationId: "alloc-1" });
  });

  test("the feed reads each received document and survives a failing poll", async () => {
    server.hits.length = 0;
    const event = {
      eventType: "DebitNoteReceivedEvent",
      eventDate: "2030-01-01T00:00:01.000001Z",
      debitNoteId: "dn-7",
    };
    script = {
      "GET /debitNoteEvents": [
        [500, { message: "database is locked" }],
        [200, [event]],
        [200, []],
      ],
      "GET /debitNotes/dn-7": [[200, note("dn-7", "0.7")]],
      "GET /invoiceEvents": [[200, []]],
    };
    const feed = paymentActors(yagna.payment, FAST).paymentEventsFeed;
    const received: AnyEventObject[] = [];
    const parent = createActor(
      createMachine({
        invoke: { id: "feed", src: feed, input: { since: "2030-01-01T00:00:00Z", pollTimeoutMs: 1000 } },
        on: { "*": { actions: ({ event }) => void received.push(event) } },
      }),
    ).start();
    try {
      await waitFor(parent, () => received.length > 0, { timeout: 5000 });
      assert.deepEqual(received, [
        {
          type: "payment.debitNote",
          agreementId: "agr-1",
          debitNoteId: "dn-7",
          activityId: "act-1",
          amount: "0.7",
        },
      ]);
      const polls = server.hits.filter((h) => h.url.startsWith(`${PREFIX}/debitNoteEvents`));
      assert.ok(polls.length >= 2);
      assert.match(polls[1]!.url, /afterTimestamp=2030-01-01T00%3A00%3A00Z/);
    } finally {
      parent.stop();
    }
  });
});
