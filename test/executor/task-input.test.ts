// How the user's tasks are read: a window at a time from a sync source, and from an async
// source without waiting for more than the first task (a source that yields one task and
// then waits, for that task's result say, must not stall the computation).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DriverEvent } from "../../machines/computation.types.js";
import { TaskInput } from "../../src/executor/task-input.js";
import { Task } from "../../src/task.js";

function reader<D>(data: Iterable<Task<D, unknown>> | AsyncIterable<Task<D, unknown>>) {
  const sent: DriverEvent[] = [];
  const input = new TaskInput(data, new Map(), (event) => sent.push(event));
  const added = () => sent.flatMap((e) => (e.type === "tasks.add" ? e.tasks.map((t) => t.data) : []));
  return { input, sent, added };
}

test("a sync source is read a window at a time, and its end is said with the last tasks", async () => {
  const { input, sent, added } = reader([1, 2, 3, 4, 5].map((n) => new Task(n)));
  await input.read(2);
  assert.deepEqual(added(), [1, 2]);
  await input.read(10);
  assert.deepEqual(added(), [1, 2, 3, 4, 5]);
  assert.deepEqual(
    sent.map((e) => [e.type, e.type === "tasks.add" ? (e.inputEnded ?? false) : null]),
    [
      ["tasks.add", false],
      ["tasks.add", true],
    ],
  );
});

test("an async source that yields one task and waits gets that task handed over at once", async () => {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  async function* source() {
    yield new Task(1);
    await released; // e.g. until the first result came back
    yield new Task(2);
    yield new Task(3);
  }
  const { input, sent, added } = reader(source());
  await input.read(4);
  assert.deepEqual(added(), [1], "the first task is not held back for three more");
  release();
  await input.read(4);
  assert.deepEqual(added(), [1, 2, 3]);
  assert.equal(sent.at(-1)?.type, "tasks.add");
  await input.read(4);
  assert.equal(sent.at(-1)?.type, "tasks.inputEnded");
});

test("an async source whose tasks are ready is still read a window at a time", async () => {
  async function* source() {
    for (let n = 1; n <= 6; n++) yield new Task(n);
  }
  const { input, sent, added } = reader(source());
  await input.read(4);
  assert.deepEqual(added(), [1, 2, 3, 4]);
  assert.equal(sent.length, 1);
});

test("an async source that throws hands over what it gave, then fails the input", async () => {
  async function* source() {
    yield new Task(1);
    throw new Error("the queue went away");
  }
  const { input, sent, added } = reader(source());
  await input.read(1);
  await input.read(4);
  assert.deepEqual(added(), [1]);
  const failed = sent.at(-1);
  assert.equal(failed?.type, "tasks.inputFailed");
  assert.match(JSON.stringify(failed), /the queue went away/);
});
