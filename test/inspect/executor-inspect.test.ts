// The Executor with `inspect: { port: 0 }` on the devnet: a page on the relay sees actors
// of every kind (computation, agreement, activity, task, payment) with their snapshots, and
// the app key is nowhere in the bytes it got. Bad `inspect` options and environment
// variables are refused with errors naming them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Devnet } from "../../devnet/index.js";
import type { Package } from "../../src/demand-decorator.js";
import { Executor } from "../../src/executor/executor.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import { inspectPlan } from "../../src/inspect/options.js";
import { Task } from "../../src/task.js";
import { devnetPackage, devnetWith, provider, useDevnetGftp } from "../executor/helpers.js";
import { Page } from "./relay-helpers.js";

const echo: WorkerFunction<number, string> = async function* (ctx, tasks) {
  for await (const task of tasks) {
    ctx.run("/bin/sh", ["-c", `echo ${task.data}`]);
    const [result] = yield ctx.commit({ timeoutMs: 20_000 });
    task.acceptResult(String(result?.stdout).trim());
  }
};

describe("Executor({ inspect })", { timeout: 120_000 }, () => {
  let devnet: Devnet;
  let pkg: Package;
  before(async () => {
    useDevnetGftp();
    devnet = await devnetWith("inspect", [provider("a"), provider("b")]);
    pkg = await devnetPackage(devnet);
  });
  after(() => devnet.stop());

  test("a page sees every kind of actor and their snapshots, and never the app key", async () => {
    const executor = new Executor({
      package: pkg,
      budget: "5",
      maxWorkers: 2,
      subnetTag: "public",
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
      eventConsumer: () => undefined,
      inspect: { port: 0 },
    });
    const url = await executor.inspector?.ready;
    assert.match(url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = new Page(url!);
    await page.next("synced");
    const done: string[] = [];
    for await (const task of executor.submit(
      echo,
      [1, 2, 3, 4].map((n) => new Task<number, string>(n)),
    ))
      done.push(task.result!);
    assert.equal(done.length, 4);
    const ended = page.next("end");
    await ended;
    const kinds = new Set(page.messages.flatMap((m) => (m.t === "actor" ? [m.kind] : [])));
    for (const kind of ["computation", "agreement", "activity", "task", "payment"])
      assert.ok(kinds.has(kind as never), `saw a ${kind} actor (saw ${[...kinds].join(", ")})`);
    const actorIds = new Set(
      page.messages.flatMap((m) => (m.t === "actor" && m.kind !== "other" ? [m.id] : [])),
    );
    const withSnapshot = new Set(page.messages.flatMap((m) => (m.t === "snapshot" ? [m.id] : [])));
    for (const id of actorIds) assert.ok(withSnapshot.has(id), `actor ${id} has snapshots`);
    const root = page.messages.find(
      (m) =>
        m.t === "snapshot" &&
        m.status === "done" &&
        m.value !== undefined &&
        m.active.includes("computation"),
    );
    assert.ok(root !== undefined, "the computation's final snapshot came");
    assert.ok(
      page.messages.some((m) => m.t === "timers" && m.timers.some((t) => t.delay !== undefined)),
      "named delays show as timers",
    );
    const bytes = page.raw.join("\n");
    assert.equal(bytes.includes(devnet.appKey), false, "the app key reached the page");
    page.close();
    await executor.shutdown();
    await assert.rejects(fetch(url!), "the inspector closes with the executor");
  });

  test("bad inspect options and environment variables are refused, naming them", () => {
    const base = { package: pkg, budget: "1", apiConfig: { url: devnet.url, appKey: devnet.appKey } };
    assert.throws(
      () => new Executor({ ...base, inspect: "loud" as never }),
      /^TypeError: inspect: expected true, "stately"/,
    );
    assert.throws(
      () => new Executor({ ...base, inspect: { port: 70000 } }),
      /^RangeError: inspect\.port: expected a port number/,
    );
    assert.throws(
      () => new Executor({ ...base, inspect: { prot: 1 } as never }),
      /inspect\.prot: not an option/,
    );
    assert.throws(
      () => new Executor({ ...base, inspect: { record: "" } }),
      /inspect\.record: expected a file path/,
    );
    assert.throws(
      () => inspectPlan(undefined, { YATSAPI_INSPECT: "maybe" }),
      /^RangeError: YATSAPI_INSPECT: expected 1 or stately/,
    );
    assert.throws(
      () => inspectPlan(undefined, { YATSAPI_INSPECT: "1", YATSAPI_INSPECT_PORT: "x" }),
      /YATSAPI_INSPECT_PORT: expected a port/,
    );
    assert.deepEqual(
      inspectPlan(undefined, {
        YATSAPI_INSPECT: "1",
        YATSAPI_INSPECT_PORT: "9333",
        YATSAPI_INSPECT_RECORD: "r.jsonl",
      }),
      {
        kind: "local",
        port: 9333,
        host: "127.0.0.1",
        hold: false,
        record: "r.jsonl",
      },
    );
    assert.deepEqual(inspectPlan(undefined, {}), { kind: "off" });
    const fn = () => undefined;
    assert.deepEqual(inspectPlan(fn, { YATSAPI_INSPECT: "1" }), { kind: "observer", observer: fn });
  });
});
