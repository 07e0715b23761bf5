// End-to-end computations on the devnet: 50 tasks on 4 providers, every one accepted with
// its result; agreements terminated, invoices paid (their sum is what the daemon's ledger
// holds, within budget), allocations released; the log in the machines' order; debit
// notes accepted while activities run; files, environment and streamed output.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Decimal } from "decimal.js";
import type { Devnet } from "../../devnet/index.js";
import { Executor, type ExecutorOptions } from "../../src/executor/executor.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import { Task } from "../../src/task.js";
import {
  assertSettled,
  assertValidOrder,
  coverage,
  daemonGet,
  devnetPackage,
  devnetWith,
  EventLog,
  provider,
  useDevnetGftp,
} from "./helpers.js";

const doubler: WorkerFunction<number, string> = async function* (ctx, tasks) {
  for await (const task of tasks) {
    ctx.run("/bin/sh", ["-c", `echo $((${task.data} * 2))`]);
    const [result] = yield ctx.commit({ timeoutMs: 20_000 });
    task.acceptResult(String(result?.stdout).trim());
  }
};

describe("Executor.submit on the devnet", { timeout: 120_000 }, () => {
  let devnet: Devnet;
  let options: (log: EventLog, extra?: Partial<ExecutorOptions>) => Promise<ExecutorOptions>;
  before(async () => {
    useDevnetGftp();
    devnet = await devnetWith("submit", [provider("a"), provider("b"), provider("c"), provider("d")]);
    const pkg = await devnetPackage(devnet);
    options = async (log, extra = {}) => ({
      package: pkg,
      budget: "10",
      maxWorkers: 4,
      subnetTag: "public",
      eventConsumer: log.consumer,
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
      inspect: coverage,
      ...extra,
    });
  });
  after(() => devnet.stop());

  test("50 tasks on 4 providers are all accepted with their results, paid within budget", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(log));
    const tasks = Array.from({ length: 50 }, (_, i) => new Task<number, string>(i));
    const done: Task<number, string>[] = [];
    for await (const task of executor.submit(doubler, tasks)) done.push(task);
    assert.equal(done.length, 50);
    for (const task of done) assert.equal(task.result, String(task.data * 2));
    assert.deepEqual(
      done.map((t) => t.id),
      log.of("TaskAccepted").map((e) => e.taskId),
      "tasks come out in the order they were accepted",
    );
    assert.ok(new Set(log.of("WorkerStarted").map((e) => e.agrId)).size >= 2, "the work was spread");
    assertValidOrder(log.events);
    const paid = await assertSettled(devnet);
    const logged = log.of("PaymentAccepted").reduce((sum, e) => sum.plus(e.amount), new Decimal(0));
    const invoices = await daemonGet<{ status: string; amount: string }[]>(
      devnet,
      "/payment-api/v1/invoices",
    );
    const ledger = invoices.filter((i) => i.status === "ACCEPTED" || i.status === "SETTLED");
    assert.equal(logged.toFixed(), ledger.reduce((sum, i) => sum.plus(i.amount), new Decimal(0)).toFixed());
    assert.ok(logged.gt(0) && logged.lte(10), `paid ${logged} within the budget of 10`);
    assert.ok(Math.abs(paid - logged.toNumber()) < 1e-12);
  });

  test("debit notes are accepted while the activities run", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(log, { maxWorkers: 2 }));
    const sleeper: WorkerFunction<number, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        ctx.run("/bin/sh", ["-c", "sleep 1.2; echo slept"]);
        yield ctx.commit();
        task.acceptResult("slept");
      }
    };
    const tasks = Array.from({ length: 4 }, (_, i) => new Task<number, string>(i));
    for await (const _ of executor.submit(sleeper, tasks));
    const during = new Map<string, string[]>();
    const ended = new Set<string>();
    for (const e of log.events) {
      if (e.type === "WorkerFinished") ended.add(e.agrId);
      if (e.type === "DebitNoteReceived" && !ended.has(e.agrId)) during.set(e.noteId, [e.agrId, e.amount]);
    }
    assert.ok(during.size >= 2, `debit notes arrived while activities ran (${during.size})`);
    for (const [noteId] of during) {
      const note = await daemonGet<{ status: string }>(devnet, `/payment-api/v1/debitNotes/${noteId}`);
      assert.ok(["ACCEPTED", "SETTLED"].includes(note.status), `debit note ${noteId} is ${note.status}`);
    }
    await assertSettled(devnet);
  });

  test("files go in and out, the environment is sent, output is streamed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "yatsapi-files-"));
    try {
      const log = new EventLog();
      await using executor = new Executor(await options(log, { maxWorkers: 1, streamOutput: true }));
      writeFileSync(join(dir, "in.txt"), "from a file\n");
      const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
        for await (const task of tasks) {
          ctx.sendJson("/golem/input/task.json", { n: task.data });
          ctx.sendFile(join(dir, "in.txt"), "/golem/input/in.txt");
          ctx.run(
            "/bin/sh",
            [
              "-c",
              'cat /golem/input/task.json /golem/input/in.txt > /golem/output/out.txt; echo "mode=$MODE"',
            ],
            {
              env: { MODE: "fast" },
            },
          );
          ctx.downloadFile("/golem/output/out.txt", join(dir, `out-${task.data}.txt`));
          const results = yield ctx.commit({ timeoutMs: 20_000 });
          task.acceptResult(String(results[2]?.stdout).trim());
        }
      };
      const tasks = [new Task<number, string>(7), new Task<number, string>(8)];
      const done: Task<number, string>[] = [];
      for await (const task of executor.submit(worker, tasks)) done.push(task);
      assert.deepEqual(
        done.map((t) => t.result),
        ["mode=fast", "mode=fast"],
      );
      for (const n of [7, 8])
        assert.equal(readFileSync(join(dir, `out-${n}.txt`), "utf8"), `{"n":${n}}from a file\n`);
      assert.ok(
        log.of("CommandStdOut").some((e) => e.output.includes("mode=fast")),
        "stdout was streamed",
      );
      assert.equal(log.of("DownloadFinished").length, 2);
      assertValidOrder(log.events);
      await assertSettled(devnet);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
