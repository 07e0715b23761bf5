// The summary of a real computation: the Executor on an in-process devnet with
// `logSummary()` as its consumer. The summary's tasks per provider match who ran each
// task, its costs per provider and in total match the invoices the daemon says were
// accepted, and the JSONL event log replays into the same summary. A market where every
// offer is above the strategy's caps ends with the rejection breakdown.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { Executor, type WorkerFunction } from "../../src/executor/index.js";
import { jsonlEventWriter, logSummary, replayEvents } from "../../src/log/index.js";
import { repo } from "../../src/package/index.js";
import { Task } from "../../src/task.js";
import { captureLogger, lines } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "yatsapi-summary-"));
after(() => rmSync(dir, { recursive: true, force: true }));

interface InvoiceView {
  issuerId: string;
  status: string;
  amount: string;
}

async function acceptedInvoices(devnet: Devnet): Promise<InvoiceView[]> {
  const res = await fetch(`${devnet.url}/payment-api/v1/invoices`, {
    headers: { authorization: `Bearer ${devnet.appKey}` },
  });
  assert.equal(res.status, 200);
  const invoices = (await res.json()) as InvoiceView[];
  return invoices.filter((i) => i.status === "ACCEPTED" || i.status === "SETTLED");
}

/** The rows of the summary's provider table: name -> [tasks, failures, cost]. */
function tableRows(messages: readonly string[]): Map<string, [number, number, string]> {
  const start = messages.findIndex((m) => /^Provider +Tasks +Failures +Cost$/.test(m));
  assert.ok(start >= 0, "the summary has a provider table");
  const rows = new Map<string, [number, number, string]>();
  for (const m of messages.slice(start + 1)) {
    if (/^[- ]+$/.test(m)) continue;
    const match = /^(.*?) +(\d+) +(\d+) +([\d.]+)$/.exec(m);
    assert.ok(match, `a table row: ${m}`);
    rows.set(match[1]!, [Number(match[2]), Number(match[3]), match[4]!]);
    if (match[1] === "Total") break;
  }
  return rows;
}

describe("logSummary on a real computation", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "log-summary",
      providers: [
        { name: "prov-a", debitNoteIntervalSec: 1 },
        {
          name: "prov-b",
          debitNoteIntervalSec: 1,
          prices: { start: 0.02, cpuSec: 0.001, durationSec: 0.002 },
        },
        { name: "prov-c", debitNoteIntervalSec: 1 },
        { name: "too-dear", prices: { start: 5 } },
      ],
    });
  });
  after(() => devnet.stop());

  test("tasks per provider and costs equal the daemon's accepted invoices; the event log replays", async () => {
    const events = jsonlEventWriter(join(dir, "run.jsonl"));
    const { logger, entries } = captureLogger();
    const ranOn = new Map<string, { id: string; tasks: number }>();
    const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        ctx.run("/bin/sh", ["-c", `echo $((${task.data} * ${task.data}))`]);
        const [result] = yield ctx.commit({ timeoutMs: 20_000 });
        const mine = ranOn.get(ctx.info.providerName) ?? { id: ctx.info.providerId, tasks: 0 };
        ranOn.set(ctx.info.providerName, { ...mine, tasks: mine.tasks + 1 });
        task.acceptResult(String(result?.stdout).trim());
      }
    };
    const done: Task<number, string>[] = [];
    {
      await using executor = new Executor({
        package: repo({ imageTag: "golem/alpine:latest", repoUrl: devnet.url }),
        budget: "10",
        maxWorkers: 3,
        subnetTag: "public",
        apiConfig: { url: devnet.url, appKey: devnet.appKey },
        pollTimeoutMs: 1000,
        eventConsumer: logSummary(events, { logger }),
      });
      const tasks = Array.from({ length: 9 }, (_, i) => new Task<number, string>(i + 1));
      for await (const task of executor.submit(worker, tasks)) done.push(task);
    }
    events.close();
    assert.equal(done.length, 9);
    for (const task of done) assert.equal(task.result, String(task.data * task.data));

    const messages = entries.map((e) => e.message);
    assert.match(
      messages.find((m) => m.startsWith("Computation finished in")) ?? "",
      /^Computation finished in \d+\.\ds$/,
    );
    assert.equal(messages.at(-1), "Executor has shut down");
    assert.ok(!entries.some((e) => e.level === "error"), "no errors");
    assert.ok(!messages.some((m) => m.startsWith("Expiration time")), "the default timeout is within range");

    // Tasks per provider, as the worker saw them.
    assert.ok(ranOn.size >= 2, "the work was spread");
    for (const [name, { tasks }] of ranOn) {
      assert.ok(
        messages.includes(`Provider '${name}' computed ${tasks} task${tasks === 1 ? "" : "s"}`),
        name,
      );
    }
    const negotiated = messages.find((m) => m.startsWith("Negotiated")) ?? "";
    const [, agreements, providers] =
      /^Negotiated (\d+) agreements with (\d+) providers$/.exec(negotiated) ?? [];
    assert.ok(Number(providers) >= ranOn.size && Number(agreements) >= Number(providers), negotiated);

    // Costs per provider and in total, as the daemon's ledger has them.
    const invoices = await acceptedInvoices(devnet);
    const ledger = invoices.reduce((sum, i) => sum.plus(i.amount), new Decimal(0));
    assert.ok(ledger.gt(0));
    assert.ok(messages.includes(`Total cost: ${ledger.toFixed()}`), `Total cost: ${ledger.toFixed()}`);
    const rows = tableRows(messages);
    for (const [name, { id, tasks }] of ranOn) {
      const paid = invoices
        .filter((i) => i.issuerId === id)
        .reduce((sum, i) => sum.plus(i.amount), new Decimal(0));
      assert.deepEqual(rows.get(name), [tasks, 0, paid.toFixed()], name);
    }
    assert.deepEqual(rows.get("Total"), [9, 0, ledger.toFixed()]);

    // An offer was turned down for its price, but providers were found: no breakdown.
    assert.ok(!messages.some((m) => m.startsWith("Rejected")));

    const replayed = captureLogger();
    await replayEvents(events.path, logSummary(null, { logger: replayed.logger }));
    assert.deepEqual(lines(replayed.entries), lines(entries));
  });

  test("when every offer is turned down, the summary says why", async () => {
    const strict = await startDevnet({
      port: 0,
      seed: "log-summary-rejections",
      providers: [
        { name: "too-dear", prices: { start: 5 } },
        { name: "cpu-dear", prices: { cpuSec: 0.5 } },
      ],
    });
    try {
      const { logger, entries } = captureLogger();
      const executor = new Executor({
        package: repo({ imageTag: "golem/alpine:latest", repoUrl: strict.url }),
        budget: "1",
        subnetTag: "public",
        apiConfig: { url: strict.url, appKey: strict.appKey },
        pollTimeoutMs: 500,
        eventConsumer: logSummary(null, { logger }),
        timeouts: { computationTimeoutMs: 2_500, noProposalsWarningMs: 1_500 },
      });
      const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
        for await (const task of tasks) {
          ctx.run("/bin/true");
          yield ctx.commit();
          task.acceptResult("never");
        }
      };
      await assert.rejects(async () => {
        for await (const _ of executor.submit(worker, [new Task<number, string>(1)]))
          assert.fail("no provider");
      });
      await executor.shutdown();
      const messages = entries.map((e) => e.message);
      const warning = messages.find((m) =>
        m.includes("been collected from the market, but no provider has responded"),
      );
      assert.ok(warning, messages.join("\n"));
      const at = messages.indexOf("Negotiated 0 agreements with 0 providers");
      assert.ok(at > 0, messages.join("\n"));
      const breakdown = messages.slice(at + 1).filter((m) => m.startsWith("Rejected") || m.startsWith("  "));
      // The market filters offers by platform and subnet, so only the strategy's caps remain.
      const n = Number(/^Rejected (\d+) offers from 2 providers:$/.exec(breakdown[0] ?? "")?.[1]);
      assert.ok(n >= 2, breakdown.join("\n"));
      assert.equal(breakdown.length, 2, breakdown.join("\n"));
      assert.match(breakdown[1]!, /^ {2}price above the strategy's cap: \d+ offers from 2 providers \(/);
      assert.match(breakdown[1]!, /fixed price > 1: \d+/);
      assert.match(breakdown[1]!, /golem\.usage\.cpu_sec > 0\.2: \d+/);
      assert.equal(
        messages[messages.indexOf(warning) + 1],
        breakdown[0],
        "the breakdown follows the warning too",
      );
      assert.equal(messages.at(-1), "Executor has shut down");
    } finally {
      await strict.stop();
    }
  });
});
