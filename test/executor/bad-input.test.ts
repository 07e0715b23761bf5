// Bad arguments to the Executor fail at the call with an error naming the argument and
// the expected form; a worker that throws ends its own activity, not the computation.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Decimal } from "decimal.js";
import type { Devnet } from "../../devnet/index.js";
import type { Package } from "../../src/demand-decorator.js";
import { Executor, type ExecutorOptions } from "../../src/executor/executor.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import { Task } from "../../src/task.js";
import { assertSettled, assertValidOrder, devnetPackage, devnetWith, EventLog, provider } from "./helpers.js";

const pkg: Package = {
  resolveUrl: async () => "hash:sha3:00:http://127.0.0.1:1/x.gvmi",
  decorateDemand: async () => {},
};
// No daemon is contacted by the constructor or by argument checks.
const base: ExecutorOptions = {
  package: pkg,
  budget: "1",
  apiConfig: { url: "http://127.0.0.1:1", appKey: "test-key" },
};
const echo: WorkerFunction<number, number> = async function* (ctx, tasks) {
  for await (const task of tasks) {
    ctx.run("/bin/echo", [String(task.data)]);
    yield ctx.commit();
    task.acceptResult(task.data);
  }
};

/** Asserts that `make` throws `kind` with a message matching `message`. */
function rejects(make: () => unknown, kind: ErrorConstructor, message: RegExp): void {
  assert.throws(make, (err: unknown) => {
    assert.ok(err instanceof kind, `got ${String(err)}`);
    assert.match(err.message, message);
    return true;
  });
}

/** `new Executor` with one option replaced by a value of the wrong form. */
function withOption(name: string, value: unknown): () => Executor {
  return () => new Executor({ ...base, [name]: value } as ExecutorOptions);
}

describe("new Executor() with bad options", () => {
  test("a budget that is not a positive decimal is refused, naming budget", () => {
    for (const budget of [0, -1, "0", "-1", "1e3", "abc", "", Number.NaN, Number.POSITIVE_INFINITY]) {
      rejects(withOption("budget", budget), RangeError, /^budget: expected a positive decimal amount/);
    }
    for (const budget of [null, undefined, {}, [1], true]) {
      rejects(withOption("budget", budget), TypeError, /^budget: expected a positive decimal amount/);
    }
    rejects(withOption("budget", new Decimal(0)), RangeError, /^budget: .* got a Decimal/);
  });

  test("positive decimal budgets are taken", () => {
    for (const budget of [1, 0.5, "2", "0.001", " 3.25 ", new Decimal("7.5")]) {
      assert.ok(new Executor({ ...base, budget: budget as ExecutorOptions["budget"] }));
    }
  });

  test("timeoutMs must be a finite number of ms above 0 that a timer can hold", () => {
    for (const t of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      rejects(
        withOption("timeoutMs", t),
        RangeError,
        /^timeoutMs: expected a number of ms in \(0, 2147483647\]/,
      );
    }
    rejects(withOption("timeoutMs", "60000"), TypeError, /^timeoutMs: .*, got "60000"$/);
    assert.ok(new Executor({ ...base, timeoutMs: 1 }));
  });

  test("maxWorkers must be a positive integer; maxRetries an integer >= 0", () => {
    for (const n of [0, -1, 1.5, Number.NaN])
      rejects(withOption("maxWorkers", n), RangeError, /^maxWorkers: expected a positive integer, got/);
    rejects(withOption("maxWorkers", "3"), TypeError, /^maxWorkers: expected a positive integer, got "3"$/);
    rejects(withOption("maxRetries", -1), RangeError, /^maxRetries: expected an integer >= 0, got -1$/);
    assert.ok(new Executor({ ...base, maxWorkers: 1, maxRetries: 0 }));
  });

  test("a driver or network that is not a name is refused; a well-formed one waits for the daemon", () => {
    rejects(
      withOption("driver", ""),
      RangeError,
      /^driver: expected a payment driver name such as "erc20", got ""$/,
    );
    rejects(withOption("driver", 20), TypeError, /^driver: expected a payment driver name/);
    rejects(
      withOption("network", "hole sky"),
      RangeError,
      /^network: expected a payment network name such as "holesky"/,
    );
    // Which drivers and networks exist is the daemon's answer (NoPaymentAccountError at submit).
    assert.equal(new Executor({ ...base, driver: "zksync", network: "rinkeby" }).driver, "zksync");
  });

  test("a package without resolveUrl or decorateDemand is refused, naming what is missing", () => {
    rejects(
      withOption("package", undefined),
      TypeError,
      /^package: expected a Package with resolveUrl\(\) and decorateDemand\(\)/,
    );
    rejects(withOption("package", "golem/alpine"), TypeError, /^package: .*got "golem\/alpine"$/);
    rejects(
      withOption("package", { resolveUrl: pkg.resolveUrl }),
      TypeError,
      /^package: .*but decorateDemand is undefined$/,
    );
    rejects(
      withOption("package", { decorateDemand: pkg.decorateDemand, resolveUrl: "hash:sha3:00" }),
      TypeError,
      /^package: .*but resolveUrl is "hash:sha3:00"$/,
    );
  });

  test("options that are not an object, and other typed options, are refused", () => {
    rejects(
      () => new Executor(undefined as unknown as ExecutorOptions),
      TypeError,
      /^options: expected an object/,
    );
    rejects(withOption("eventConsumer", "log"), TypeError, /^eventConsumer: expected a function, got "log"$/);
    rejects(withOption("subnetTag", 5), TypeError, /^subnetTag: expected a string or null, got 5$/);
    rejects(withOption("gftpCommand", []), TypeError, /^gftpCommand: expected a non-empty array of strings/);
  });
});

describe("submit() with bad arguments", () => {
  const executor = new Executor(base);
  const submit = (worker: unknown, tasks: unknown) => () =>
    executor.submit(worker as WorkerFunction<number, number>, tasks as Task<number, number>[]);

  test("a worker that is not a function is refused at the call", () => {
    for (const worker of [undefined, null, "echo", {}])
      rejects(
        submit(worker, [new Task(1)]),
        TypeError,
        /^worker: expected a function \(ctx, tasks\) => AsyncGenerator/,
      );
  });

  test("tasks that are not iterable are refused at the call", () => {
    for (const tasks of [undefined, null, 5, "abc", { length: 1 }])
      rejects(submit(echo, tasks), TypeError, /^tasks: expected an iterable or async iterable of Task, got/);
  });

  test("an array with an item that is not a Task is refused, naming its index", () => {
    rejects(
      submit(echo, [new Task(1), 2]),
      TypeError,
      /^tasks\[1\]: expected a Task \(new Task\(data\)\), got 2$/,
    );
    rejects(submit(echo, [{ data: 1 }]), TypeError, /^tasks\[0\]: expected a Task .*got an object$/);
  });
});

describe("on the devnet", { timeout: 60_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await devnetWith("bad-input", [provider("a"), provider("b")]);
  });
  after(() => devnet.stop());

  async function options(log: EventLog, extra: Partial<ExecutorOptions> = {}): Promise<ExecutorOptions> {
    return {
      package: await devnetPackage(devnet),
      budget: "10",
      maxWorkers: 2,
      subnetTag: "public",
      eventConsumer: log.consumer,
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
      ...extra,
    };
  }

  test("a lazy task source yielding a non-Task fails the computation with an error naming tasks", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(log));
    async function* input(): AsyncGenerator<Task<number, number>> {
      yield new Task<number, number>(1);
      yield 2 as unknown as Task<number, number>;
    }
    await assert.rejects(
      async () => {
        for await (const _ of executor.submit(echo, input()));
      },
      (err: unknown) =>
        err instanceof Error && /tasks: expected Task items \(new Task\(data\)\), got 2/.test(err.message),
    );
    await assertSettled(devnet);
  });

  test("a worker that throws ends its own activity; its task is redone and the others go on", async () => {
    const log = new EventLog();
    await using executor = new Executor(await options(log));
    let thrown = 0;
    const worker: WorkerFunction<number, number> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        ctx.run("/bin/sh", ["-c", "sleep 0.2; echo ok"]);
        yield ctx.commit({ timeoutMs: 20_000 });
        if (task.data === 3 && thrown === 0) {
          thrown++;
          throw new Error("worker bug on task 3");
        }
        task.acceptResult(task.data * 10);
      }
    };
    const done: Task<number, number>[] = [];
    const tasks = [1, 2, 3, 4, 5, 6].map((n) => new Task<number, number>(n));
    for await (const task of executor.submit(worker, tasks)) done.push(task);
    assert.equal(thrown, 1);
    assert.deepEqual(
      done.map((t) => t.result).sort((a, b) => (a ?? 0) - (b ?? 0)),
      [10, 20, 30, 40, 50, 60],
    );
    const failed = log.of("WorkerFinished").filter((e) => e.excInfo !== null);
    assert.equal(failed.length, 1, "one worker failed");
    assert.match(failed[0]!.excInfo?.message ?? "", /worker bug on task 3/);
    const finished = log.of("ComputationFinished")[0];
    assert.equal(finished?.excInfo, null, "the computation itself succeeded");
    // The failed worker's activity was ended; task 3 started again after it failed.
    const task3 = tasks[2]!.id;
    assert.ok(log.of("TaskStarted").filter((e) => e.taskId === task3).length >= 2, "task 3 was redone");
    assertValidOrder(log.events);
    await assertSettled(devnet);
  });
});
