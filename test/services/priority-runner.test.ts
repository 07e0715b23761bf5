// The offer feed's job runner: a bounded number of jobs at once, the highest priority
// first (ties in push order), everything pushed in one go ranked before any starts, and
// nothing new started once its signal is aborted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as turn } from "node:timers/promises";
import { PriorityRunner } from "../../services/actors/priority-runner.js";

/** Jobs that record their start and finish when the test says. */
function jobs() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const job = (name: string) => () =>
    new Promise<void>((resolve) => {
      started.push(name);
      finish.set(name, resolve);
    });
  return { started, finish, job };
}

test("runs at most `concurrency` jobs, best priority first, ties in push order", async () => {
  const { started, finish, job } = jobs();
  const runner = new PriorityRunner(2, new AbortController().signal);
  for (const [name, priority] of [
    ["a", 1],
    ["b", 5],
    ["c", 3],
    ["d", 5],
    ["e", Number.NEGATIVE_INFINITY],
  ] as const)
    runner.push(priority, job(name));
  assert.deepEqual(started, [], "nothing starts before the batch is ranked");
  await turn();
  assert.deepEqual(started, ["b", "d"]);
  assert.equal(runner.waiting, 3);
  finish.get("d")!();
  await turn();
  assert.deepEqual(started, ["b", "d", "c"]);
  finish.get("b")!();
  finish.get("c")!();
  await turn();
  await turn();
  assert.deepEqual(started, ["b", "d", "c", "a", "e"]);
});

test("a job pushed later with a better priority overtakes the waiting ones", async () => {
  const { started, finish, job } = jobs();
  const runner = new PriorityRunner(1, new AbortController().signal);
  runner.push(1, job("first"));
  runner.push(1, job("second"));
  await turn();
  runner.push(9, job("urgent"));
  finish.get("first")!();
  await turn();
  assert.deepEqual(started, ["first", "urgent"]);
});

test("after an abort nothing more starts", async () => {
  const { started, finish, job } = jobs();
  const controller = new AbortController();
  const runner = new PriorityRunner(1, controller.signal);
  runner.push(2, job("running"));
  runner.push(1, job("never"));
  await turn();
  controller.abort();
  finish.get("running")!();
  await turn();
  assert.deepEqual(started, ["running"]);
});

test("a concurrency that is not a positive integer is refused, naming it", () => {
  assert.throws(
    () => new PriorityRunner(0, new AbortController().signal),
    /concurrency: expected an integer >= 1, got 0/,
  );
});
