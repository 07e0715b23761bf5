// Faults on the devnet: a provider whose commands fail, and one whose exe-unit crashes,
// get their agreements terminated and their tasks done elsewhere; errors of a batch are
// thrown into the worker at its yield, and a batch it yields after catching one runs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Devnet } from "../../devnet/index.js";
import { BatchTimeoutError, CommandExecutionError } from "../../services/index.js";
import { Executor, type ExecutorOptions } from "../../src/executor/executor.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import { Task } from "../../src/task.js";
import {
  assertSettled,
  assertValidOrder,
  coverage,
  devnetPackage,
  devnetWith,
  EventLog,
  provider,
} from "./helpers.js";

const doubler = (before = ""): WorkerFunction<number, string> =>
  async function* (ctx, tasks) {
    for await (const task of tasks) {
      ctx.run("/bin/sh", ["-c", `${before} echo $((${task.data} * 2))`]);
      const [result] = yield ctx.commit({ timeoutMs: 20_000 });
      task.acceptResult(String(result?.stdout).trim());
    }
  };

async function options(
  devnet: Devnet,
  log: EventLog,
  extra: Partial<ExecutorOptions> = {},
): Promise<ExecutorOptions> {
  return {
    package: await devnetPackage(devnet),
    budget: "10",
    maxWorkers: 3,
    subnetTag: "public",
    eventConsumer: log.consumer,
    apiConfig: { url: devnet.url, appKey: devnet.appKey },
    pollTimeoutMs: 1000,
    inspect: coverage,
    ...extra,
  };
}

/** The agreements of the provider named `name`, from the log. */
function agreementsOf(log: EventLog, name: string): Set<string> {
  return new Set(
    log
      .of("AgreementCreated")
      .filter((e) => e.providerInfo.name === name)
      .map((e) => e.agrId),
  );
}

/** The agreement each accepted task last ran on. */
function lastRunOf(log: EventLog): Map<string, string> {
  const ranOn = new Map<string, string>();
  for (const e of log.events) if (e.type === "TaskStarted") ranOn.set(e.taskId, e.agrId);
  return ranOn;
}

async function runAll(executor: Executor, count: number, before = ""): Promise<Task<number, string>[]> {
  const tasks = Array.from({ length: count }, (_, i) => new Task<number, string>(i));
  const done: Task<number, string>[] = [];
  for await (const task of executor.submit(doubler(before), tasks)) done.push(task);
  return done;
}

describe("a provider that fails commands", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await devnetWith("faults-commands", [
      provider("bad", { faults: { commandFailureRate: 1 } }),
      provider("good-1"),
      provider("good-2"),
    ]);
  });
  after(() => devnet.stop());

  test("gets its agreement terminated and its tasks retried elsewhere", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(devnet, log));
    const done = await runAll(executor, 12);
    assert.equal(done.length, 12);
    for (const task of done) assert.equal(task.result, String(task.data * 2));
    const bad = agreementsOf(log, "bad");
    assert.ok(bad.size > 0, "the failing provider got an agreement");
    const ranOn = lastRunOf(log);
    for (const task of done)
      assert.ok(!bad.has(ranOn.get(task.id)!), `task ${task.id} was accepted from the failing provider`);
    const failed = log.of("WorkerFinished").filter((e) => bad.has(e.agrId) && e.excInfo !== null);
    assert.ok(failed.length > 0);
    assert.equal(failed[0]!.excInfo?.name, "CommandExecutionError");
    const terminated = log.of("AgreementTerminated").find((e) => e.agrId === failed[0]!.agrId);
    assert.equal(terminated?.reason["golem.requestor.code"], "Cancelled", "its agreement is not reused");
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });
});

describe("a provider whose exe-unit crashes", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await devnetWith("faults-crash", [
      provider("bad", { faults: { crashRate: 1 } }),
      provider("good-1"),
      provider("good-2"),
    ]);
  });
  after(() => devnet.stop());

  test("gets its agreement terminated and its tasks done by others", async () => {
    const log = new EventLog();
    // A crash is noticed when the batch's poll ends; a short deploy deadline bounds the wait.
    await using executor = new Executor(
      await options(devnet, log, { childTimeouts: { activity: { deployTimeoutMs: 1000 } } }),
    );
    const done = await runAll(executor, 9, "sleep 0.4;");
    assert.equal(done.length, 9);
    const bad = agreementsOf(log, "bad");
    assert.ok(bad.size > 0, "the crashing provider got an agreement");
    const ranOn = lastRunOf(log);
    for (const task of done)
      assert.ok(!bad.has(ranOn.get(task.id)!), `task ${task.id} was accepted from the crashing provider`);
    assert.ok(
      log.of("WorkerFinished").some((e) => bad.has(e.agrId) && e.excInfo !== null),
      "its worker failed",
    );
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });
});

describe("errors thrown into the worker", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await devnetWith("faults-worker", [provider("only")]);
  });
  after(() => devnet.stop());

  test("a failed command and a missed deadline arrive at the yield; the next batch runs", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(devnet, log, { maxWorkers: 1 }));
    const caught: unknown[] = [];
    const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        if (task.data === 1) {
          ctx.run("/bin/sh", ["-c", "echo oops >&2; exit 3"]);
          try {
            yield ctx.commit();
          } catch (err) {
            caught.push(err);
          }
          ctx.run("/bin/sh", ["-c", "echo recovered"]);
          const [result] = yield ctx.commit({ timeoutMs: 20_000 });
          task.acceptResult(String(result?.stdout).trim());
        } else {
          // The exe-unit stays busy with a batch past its deadline (the daemon answers
          // "Busy"), so this task ends here.
          ctx.run("/bin/sh", ["-c", "sleep 5"]);
          try {
            yield ctx.commit({ timeoutMs: 300 });
          } catch (err) {
            caught.push(err);
          }
          task.acceptResult("timed out");
        }
      }
    };
    const done: Task<number, string>[] = [];
    for await (const task of executor.submit(worker, [
      new Task<number, string>(1),
      new Task<number, string>(2),
    ]))
      done.push(task);
    assert.deepEqual(
      done.map((t) => t.result),
      ["recovered", "timed out"],
    );
    assert.ok(caught[0] instanceof CommandExecutionError, `got ${String(caught[0])}`);
    assert.match((caught[0] as Error).message, /oops|exit|code 3/);
    assert.ok(caught[1] instanceof BatchTimeoutError, `got ${String(caught[1])}`);
    const failedCommand = log.of("CommandExecuted").find((e) => !e.success);
    assert.ok(failedCommand, "the failed command is in the log");
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });
});

describe("offers that are refused", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await devnetWith("faults-offers", [
      provider("pricey", { prices: { cpuSec: 1 } }),
      provider("fine"),
    ]);
  });
  after(() => devnet.stop());

  test("are rejected with yapapi's reason, and the work goes to the provider that fits", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(devnet, log));
    const done = await runAll(executor, 3);
    assert.equal(done.length, 3);
    const names = new Set(log.of("AgreementCreated").map((e) => e.providerInfo.name));
    assert.deepEqual([...names], ["fine"]);
    const providerOf = new Map(log.of("ProposalReceived").map((e) => [e.propId, e.providerId]));
    const idOf = (name: string) => devnet.providers.find((p) => p.name === name)?.id;
    const reasons = (name: string) =>
      new Set(
        log
          .of("ProposalRejected")
          .filter((e) => providerOf.get(e.propId) === idOf(name))
          .map((e) => e.reason),
      );
    assert.deepEqual([...reasons("pricey")], ["Score too low"]);
    assert.equal(
      log.of("ProposalRejected").find((e) => e.reason === "Score too low")?.rejection?.kind,
      "price-cap",
    );
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });
});
