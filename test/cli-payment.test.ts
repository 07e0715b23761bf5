// `yatsapi allocation` and `yatsapi invoice` against an in-process devnet: tables, --json,
// exact amounts, accepting an invoice, and every error a user can run into.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Decimal } from "decimal.js";
import type { Allocation, Invoice } from "../services/index.js";
import { assertBelow, type CliRun, closedPortUrl, runCli, tableCells } from "./cli-helpers.js";
import {
  demandFor,
  type Harness,
  negotiate,
  newAllocation,
  readyActivity,
  startHarness,
} from "./services/harness.js";

const INTERVAL_KEY = "golem.com.scheme.payu.debit-note.interval-sec?";

describe("yatsapi allocation and invoice", () => {
  let h: Harness;
  let funds: Allocation;
  let invoice: Invoice;
  let key: string[];
  const run = (...args: string[]): Promise<CliRun> => runCli([...args, ...key]);

  before(async () => {
    h = await startHarness({ seed: "cli-payment", providers: [{ name: "p", debitNoteIntervalSec: 1 }] });
    key = ["--url", h.devnet.url, "--app-key", h.devnet.appKey];
    // 18 decimals: the table and --json must print it exactly, not as a float.
    funds = await newAllocation(h, "25.000000000000000001");
    const { agreement, subscription } = await negotiate(h, await demandFor(h, funds, { [INTERVAL_KEY]: 1 }));
    const started = new Date(Date.now() - 1000);
    const activity = await readyActivity(h, agreement);
    await activity.destroy();
    const feed = h.api.payment.invoiceEvents({ since: started, pollTimeoutMs: 2000 });
    try {
      assert.equal(await agreement.terminate(), true);
      for await (const ev of feed) {
        if (ev.eventType === "InvoiceReceivedEvent") {
          invoice = await h.api.payment.invoice(ev.invoiceId);
          break;
        }
      }
    } finally {
      await feed.return(undefined);
      await subscription.delete();
    }
    assert.ok(invoice, "the provider sent an invoice");
    assert.ok(invoice.amount.greaterThan(0), invoice.amount.toFixed());
  });
  after(() => h.stop());

  test("allocation list: an aligned table with exact amounts, --details adds columns", async () => {
    const r = await run("allocation", "list");
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = tableCells(r.stdout);
    assert.deepEqual(header, ["ID", "PLATFORM", "TOTAL", "REMAINING", "EXPIRES"]);
    assert.deepEqual(row?.slice(0, 4), [
      funds.id,
      "erc20-holesky-tglm",
      "25.000000000000000001",
      "25.000000000000000001",
    ]);
    assert.match(row?.[4] ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(in (29|30)m\)$/);
    assertBelow(r.stdout, "PLATFORM", "erc20-holesky-tglm");
    assertBelow(r.stdout, "TOTAL", "25.000000000000000001");
    assert.match(r.stdout, /\n1 allocation\n$/);

    const d = await run("allocation", "list", "--details");
    assert.equal(d.code, 0, d.stderr);
    const [dh, dr] = tableCells(d.stdout);
    assert.deepEqual(dh, ["ID", "PLATFORM", "TOTAL", "SPENT", "REMAINING", "EXPIRES", "ADDRESS", "CREATED"]);
    assert.equal(dr?.[3], "0");
    assert.equal(dr?.[6], h.devnet.identity);
  });

  test("allocation list --json: every field, amounts as exact decimal strings", async () => {
    const r = await run("allocation", "list", "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      {
        allocationId: funds.id,
        paymentPlatform: "erc20-holesky-tglm",
        address: h.devnet.identity,
        totalAmount: "25.000000000000000001",
        spentAmount: "0",
        remainingAmount: "25.000000000000000001",
        timestamp: funds.data.timestamp,
        expires: funds.expires?.toISOString(),
      },
    ]);
  });

  test("invoice list: the received invoice, its exact amount, and what to do with it", async () => {
    const r = await run("invoice", "list");
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = tableCells(r.stdout);
    assert.deepEqual(header, ["ID", "ISSUER", "ISSUED", "AMOUNT", "STATUS"]);
    assert.equal(row?.[0], invoice.id);
    assert.equal(row?.[1], `${invoice.data.issuerId.slice(0, 8)}…${invoice.data.issuerId.slice(-6)}`);
    assert.equal(row?.[3], invoice.amount.toFixed());
    assert.equal(row?.[4], "RECEIVED");
    assertBelow(r.stdout, "STATUS", "RECEIVED");
    assert.ok(
      r.stdout.endsWith(
        `1 invoice, ${invoice.amount.toFixed()} (erc20-holesky-tglm) in total\n` +
          "1 waiting for acceptance: yatsapi invoice accept <allocation> <invoice>\n",
      ),
      r.stdout,
    );

    const byStatus = await run("invoice", "list", "--by-status", "received", "--json");
    assert.equal(byStatus.code, 0, byStatus.stderr);
    const listed = JSON.parse(byStatus.stdout) as Record<string, unknown>[];
    assert.deepEqual(listed, [{ ...invoice.data, amount: invoice.amount.toFixed() }]);

    const none = await run("invoice", "list", "--by-status", "SETTLED");
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, "0 invoices SETTLED\n");
  });

  test("invoice accept: unknown or released ids are named, nothing is accepted", async () => {
    const unknownInvoice = await run("invoice", "accept", funds.id, "no-such-invoice");
    assert.equal(unknownInvoice.code, 1);
    assert.equal(
      unknownInvoice.stderr,
      `yatsapi invoice: no invoice no-such-invoice on the daemon at ${h.devnet.url}: see \`yatsapi allocation list\` and \`yatsapi invoice list\`\n`,
    );

    const unknownAllocation = await run("invoice", "accept", "no-such-allocation", invoice.id);
    assert.equal(unknownAllocation.code, 1);
    assert.match(unknownAllocation.stderr, /: no allocation no-such-allocation on the daemon at /);

    const swapped = await run("invoice", "accept", invoice.id, funds.id);
    assert.equal(swapped.code, 1);
    assert.match(
      swapped.stderr,
      new RegExp(
        `no allocation ${invoice.id} and no invoice ${funds.id} .*\\(the allocation id comes first\\)`,
      ),
    );

    const released = await newAllocation(h, "1");
    await released.release();
    const gone = await run("invoice", "accept", released.id, invoice.id);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, new RegExp(`allocation ${released.id} has been released`));

    assert.equal((await h.api.payment.invoice(invoice.id)).status, "RECEIVED");
  });

  test("invoice accept: missing ids and extra arguments are usage errors", async () => {
    const none = await run("invoice", "accept");
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /missing the allocation and invoice ids: yatsapi invoice accept <allocation> <invoice>/,
    );
    const one = await run("invoice", "accept", funds.id);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /missing the invoice id/);
    const three = await run("invoice", "accept", funds.id, invoice.id, "extra");
    assert.equal(three.code, 2);
    assert.match(three.stderr, /unexpected argument 'extra'/);
  });

  test("invoice accept: pays the whole amount from the allocation, exactly; a second time is a no-op", async () => {
    const r = await run("invoice", "accept", funds.id, invoice.id);
    assert.equal(r.code, 0, r.stderr);
    const remaining = new Decimal("25.000000000000000001").minus(invoice.amount).toFixed();
    assert.equal(
      r.stdout,
      `accepted invoice ${invoice.id}: ${invoice.amount.toFixed()} (erc20-holesky-tglm) from allocation ${funds.id}, ${remaining} left in it\n`,
    );
    assert.notEqual((await h.api.payment.invoice(invoice.id)).status, "RECEIVED");
    const details = await funds.details();
    assert.equal(details.spentAmount.toFixed(), invoice.amount.toFixed());

    const again = await run("invoice", "accept", funds.id, invoice.id, "--json");
    assert.equal(again.code, 0, again.stderr);
    const answer = JSON.parse(again.stdout) as Record<string, unknown>;
    assert.equal(answer.accepted, false);
    assert.ok(["ACCEPTED", "SETTLED"].includes(String(answer.previousStatus)));
    assert.equal(answer.amount, invoice.amount.toFixed());
    assert.equal(answer.remainingAmount, remaining);
    assert.equal((await funds.details()).spentAmount.toFixed(), invoice.amount.toFixed(), "not paid twice");

    const listed = await run("invoice", "list", "--by-status", "received");
    assert.equal(listed.stdout, "0 invoices RECEIVED\n");
  });

  test("allocation clear: releases every allocation and says so; --json lists the ids", async () => {
    const extra = await newAllocation(h, "2.5");
    const r = await run("allocation", "clear");
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^released ${funds.id} \\(25\\.000000000000000001 on erc20-holesky-tglm\\)$`, "m"),
    );
    assert.match(r.stdout, new RegExp(`^released ${extra.id} \\(2\\.5 on erc20-holesky-tglm\\)$`, "m"));
    assert.match(r.stdout, /\n2 allocations released\n$/);
    assert.deepEqual(await h.api.payment.allocations(), []);

    const empty = await run("allocation", "list");
    assert.equal(empty.stdout, "no allocations\n");
    assert.deepEqual(JSON.parse((await run("allocation", "list", "--json")).stdout), []);

    const more = await newAllocation(h, "1");
    const json = await run("allocation", "clear", "--json");
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { removed: [more.id], failed: [] });
  });

  test("the environment gives the daemon and key; flags override it", async () => {
    const env = { YAGNA_API_URL: h.devnet.url, YAGNA_APPKEY: h.devnet.appKey };
    const fromEnv = await runCli(["invoice", "list", "--json"], env);
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.equal((JSON.parse(fromEnv.stdout) as unknown[]).length, 1);
    const overridden = await runCli(["allocation", "list", "--app-key", h.devnet.appKey], {
      ...env,
      YAGNA_APPKEY: "not-the-key",
    });
    assert.equal(overridden.code, 0, overridden.stderr);
  });

  test("errors: no app key, unreachable daemon, refused key, bad flags, --help", async () => {
    const noKey = await runCli(["invoice", "list", "--url", h.devnet.url]);
    assert.equal(noKey.code, 2);
    assert.match(
      noKey.stderr,
      /^yatsapi invoice: no app key: set YAGNA_APPKEY \(or run `npx yatsapi devnet` and eval its output\)/,
    );

    const closed = await closedPortUrl();
    for (const args of [
      ["allocation", "list"],
      ["allocation", "clear"],
      ["invoice", "list"],
      ["invoice", "accept", "a", "i"],
    ]) {
      const r = await runCli([...args, "--url", closed, "--app-key", "k"]);
      assert.equal(r.code, 1, args.join(" "));
      assert.ok(r.stderr.includes(`cannot reach the daemon at ${closed} (ECONNREFUSED)`), r.stderr);
      assert.ok(r.stderr.includes("npx yatsapi devnet"), r.stderr);
    }

    const refused = await runCli(["allocation", "list", "--url", h.devnet.url, "--app-key", "wrong"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the app key \(401\): check YAGNA_APPKEY or --app-key/);

    for (const [args, message] of [
      [["allocation", "list", "--bogus"], /unknown option --bogus/],
      [["allocation", "list", "extra"], /unexpected argument 'extra'/],
      [["allocation", "free"], /unknown subcommand 'free' \(known: list, clear\)/],
      [["allocation"], /missing subcommand: list or clear/],
      [
        ["allocation", "--json", "list"],
        /the subcommand \(list or clear\) comes before options such as --json/,
      ],
      [
        ["invoice", "list", "--by-status", "paid"],
        /--by-status must be one of ISSUED, RECEIVED, .*, not 'paid'/,
      ],
      [["invoice", "list", "--by-status"], /argument missing/],
      [["invoice", "list", "--url", "ftp://x"], /--url must be an http\(s\) URL .*, not 'ftp:\/\/x'/],
      [["invoice", "list", "--app-key", " "], /--app-key must not be empty/],
    ] as const) {
      // A key before the flags under test, so that a bad --app-key is the one parsed.
      const [command, sub, ...flags] = args;
      const r = await runCli(sub === undefined ? [command] : [command, sub, "--app-key", "k", ...flags]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Run "yatsapi (allocation|invoice) --help" for usage/);
    }

    for (const args of [
      ["allocation", "--help"],
      ["allocation", "list", "--help"],
      ["allocation", "clear", "-h"],
      ["invoice", "accept", "--help"],
      ["invoice", "list", "-h"],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, args.join(" "));
      assert.match(r.stdout, new RegExp(`^Usage: yatsapi ${args[0]} `));
      assert.match(r.stdout, /--app-key KEY/);
    }
  });
});
