// How computations end on the devnet: the computation timeout fails the run after an
// ordered shutdown; breaking out of submit() still terminates, pays and releases; a slow
// or throwing event consumer holds nothing up and still gets every event before the end;
// no matching payment account fails at once, naming driver and network.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Devnet } from "../../devnet/index.js";
import { NoPaymentAccountError } from "../../src/errors.js";
import type { ComputationEvent } from "../../src/events/types.js";
import { ComputationFailedError } from "../../src/executor/errors.js";
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

const sleeper = (seconds: number): WorkerFunction<number, string> =>
  async function* (ctx, tasks) {
    for await (const task of tasks) {
      ctx.run("/bin/sh", ["-c", `sleep ${seconds}; echo ${task.data}`]);
      const [result] = yield ctx.commit();
      task.acceptResult(String(result?.stdout).trim());
    }
  };

const tasks = (n: number) => Array.from({ length: n }, (_, i) => new Task<number, string>(i));

describe("how computations end", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  let options: (
    consumer: (e: ComputationEvent) => unknown,
    extra?: Partial<ExecutorOptions>,
  ) => ExecutorOptions;
  before(async () => {
    devnet = await devnetWith("shutdown", [provider("a"), provider("b")]);
    const pkg = await devnetPackage(devnet);
    options = (consumer, extra = {}) => ({
      package: pkg,
      budget: "10",
      maxWorkers: 2,
      subnetTag: "public",
      eventConsumer: consumer,
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
      inspect: coverage,
      ...extra,
    });
  });
  after(() => devnet.stop());

  test("the computation timeout fails the run, with every agreement terminated and paid", async () => {
    const log = new EventLog();
    // The demand keeps its 15 minutes (providers want at least 5); the computation ends sooner.
    await using executor = new Executor(options(log.consumer, { timeouts: { computationTimeoutMs: 1500 } }));
    const done: Task<number, string>[] = [];
    await assert.rejects(
      async () => {
        for await (const task of executor.submit(sleeper(30), tasks(4))) done.push(task);
      },
      (err: unknown) => err instanceof ComputationFailedError && err.reason === "TimeoutError",
    );
    assert.equal(done.length, 0);
    const finished = log.of("ComputationFinished")[0];
    assert.equal(finished?.excInfo?.name, "TimeoutError");
    assert.ok(log.of("AgreementTerminated").length > 0, log.types().join(","));
    for (const e of log.of("AgreementTerminated"))
      assert.equal(e.reason["golem.requestor.code"], "Cancelled");
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });

  test("breaking out of submit() still terminates agreements, pays invoices and releases allocations", async () => {
    const log = new EventLog();
    await using executor = new Executor(options(log.consumer));
    const done: Task<number, string>[] = [];
    for await (const task of executor.submit(sleeper(0.1), tasks(20))) {
      done.push(task);
      if (done.length === 3) break;
    }
    assert.equal(done.length, 3);
    // The shutdown ran before the loop let go: the log is complete.
    assert.equal(log.types().at(-1), "ShutdownFinished");
    assert.equal(log.of("ComputationFinished")[0]?.excInfo?.name, "CancelledError");
    assert.ok(log.of("PaymentAccepted").length > 0);
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });

  test("an error thrown in the loop still winds the computation down before it surfaces", async () => {
    const log = new EventLog();
    await using executor = new Executor(options(log.consumer));
    await assert.rejects(async () => {
      for await (const _ of executor.submit(sleeper(0.1), tasks(10))) throw new Error("consumer gave up");
    }, /consumer gave up/);
    assert.equal(log.types().at(-1), "ShutdownFinished");
    await assertSettled(devnet);
  });

  test("shutdown() during a submit cancels it, waits for its shutdown, and refuses new submits", async () => {
    const log = new EventLog();
    const executor = new Executor(options(log.consumer));
    const running = (async () => {
      for await (const _ of executor.submit(sleeper(30), tasks(4)));
    })();
    await log.waitFor("ScriptSent");
    await executor.shutdown();
    await running;
    assert.equal(log.types().at(-1), "ShutdownFinished");
    assert.equal(log.of("ComputationFinished")[0]?.excInfo?.name, "CancelledError");
    assertValidOrder(log.events);
    await assertSettled(devnet);
    await assert.rejects(async () => {
      for await (const _ of executor.submit(sleeper(0), tasks(1)));
    }, /shut down/);
  });

  test("a slow, throwing event consumer holds nothing up and gets every event before the end", async () => {
    const seen: string[] = [];
    const consumer = async (event: ComputationEvent) => {
      seen.push(event.type);
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error(`consumer failed on ${event.type}`);
    };
    await using executor = new Executor(options(consumer));
    const done: Task<number, string>[] = [];
    for await (const task of executor.submit(sleeper(0), tasks(6))) done.push(task);
    assert.equal(done.length, 6);
    assert.equal(seen[0], "ComputationStarted");
    assert.equal(seen.at(-1), "ShutdownFinished");
    assert.equal(seen.filter((t) => t === "TaskAccepted").length, 6);
    await assertSettled(devnet);
  });

  test("tasks read lazily from an async iterable; one that throws fails the run after its shutdown", async () => {
    const log = new EventLog();
    await using executor = new Executor(options(log.consumer));
    async function* input() {
      yield new Task<number, string>(1);
      yield new Task<number, string>(2);
      throw new Error("input broke");
    }
    await assert.rejects(
      async () => {
        for await (const _ of executor.submit(sleeper(0), input()));
      },
      (err: unknown) => err instanceof ComputationFailedError && err.message === "input broke",
    );
    // The input is read from the start, before allocation: the run fails before it starts.
    assert.deepEqual(log.types(), ["ShutdownFinished"]);
    await assertSettled(devnet);
  });

  test("no payment account for the driver and network fails with NoPaymentAccountError", async () => {
    const log = new EventLog();
    await using executor = new Executor(options(log.consumer, { network: "nowhere" }));
    await assert.rejects(
      async () => {
        for await (const _ of executor.submit(sleeper(0), tasks(1)));
      },
      (err: unknown) =>
        err instanceof NoPaymentAccountError &&
        err.requiredNetwork === "nowhere" &&
        err.requiredDriver === "erc20",
    );
    // Nothing started, so the log says only that the shutdown finished.
    assert.deepEqual(log.types(), ["ShutdownFinished"]);
  });
});
