import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TaskStateError } from "../../src/errors.js";
import type { TaskAccepted, TaskRejected } from "../../src/events/index.js";
import type { QueueHandle } from "../../src/queue-consumer.js";
import { Task, type TaskBinding } from "../../src/task.js";
import { createTaskQueue } from "../../src/task-queue.js";

function fakeClock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

function binding(
  events: (TaskAccepted | TaskRejected)[],
  retry = false,
): TaskBinding<number, string> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    accepted: () => void calls.push("accepted"),
    rejected: (_t, r) => {
      calls.push(`rejected retry=${r}`);
      return r && retry;
    },
    emit: (e) => void events.push(e),
  };
}

describe("Task", () => {
  test("ids come from one counter, as strings; data is kept; repr", () => {
    const a = new Task(1);
    const b = new Task({ frame: 2 });
    assert.equal(Number(b.id), Number(a.id) + 1);
    assert.equal(a.data, 1);
    assert.equal(a.status, "WAITING");
    assert.equal(a.result, undefined);
    assert.equal(a.runningTime, null);
    assert.equal(String(b), `Task(id=${b.id}, data={"frame":2})`);
  });

  test("accepting a running task: event, result, status, running time", () => {
    const clock = fakeClock();
    const events: (TaskAccepted | TaskRejected)[] = [];
    const task = new Task<number, string>(7, { clock: clock.now });
    const b = binding(events);
    task.start(b);
    assert.equal(task.status, "RUNNING");
    clock.advance(250);
    assert.equal(task.runningTime, 250);
    task.acceptResult("output_7.png");
    clock.advance(1000);
    assert.equal(task.runningTime, 250, "the clock stops at the verdict");
    assert.equal(task.status, "ACCEPTED");
    assert.equal(task.result, "output_7.png");
    assert.deepEqual(b.calls, ["accepted"]);
    assert.deepEqual(events, [{ type: "TaskAccepted", taskId: task.id, result: "output_7.png" }]);
  });

  test("a verdict on a task that is not running throws and emits nothing", () => {
    const events: (TaskAccepted | TaskRejected)[] = [];
    const task = new Task<number, string>(1);
    assert.throws(
      () => task.acceptResult("x"),
      (e: unknown) =>
        e instanceof TaskStateError && e.message === `Accepted task not running (task ${task.id} is WAITING)`,
    );
    task.start(binding(events));
    task.acceptResult("x");
    assert.throws(() => task.rejectResult("late"), /Rejected task not running \(task \d+ is ACCEPTED\)/);
    assert.throws(() => task.start(binding(events)), /Started task not waiting/);
    assert.equal(events.length, 1);
  });

  test("rejecting: for good, or back to WAITING when the binding retries it", () => {
    const events: (TaskAccepted | TaskRejected)[] = [];
    const dropped = new Task<number, string>(1);
    dropped.start(binding(events));
    dropped.rejectResult("bad");
    assert.equal(dropped.status, "REJECTED");
    assert.equal(dropped.rejectReason, "bad");

    const retried = new Task<number, string>(2);
    retried.start(binding(events, true));
    retried.rejectResult("flaky", true);
    assert.equal(retried.status, "WAITING");
    assert.equal(retried.retries, 1);
    assert.deepEqual(
      events.map((e) => e.type === "TaskRejected" && e.reason),
      ["bad", "flaky"],
    );
  });

  test("listeners see every change until removed", () => {
    const task = new Task<number, string>(1);
    const seen: string[] = [];
    const off = task.onChange((t) => seen.push(t.status));
    task.start(binding([]));
    task.requeue();
    off();
    task.start(binding([]));
    assert.deepEqual(seen, ["RUNNING", "WAITING"]);
    task.giveUp("enough");
    assert.equal(task.status, "REJECTED");
  });
});

describe("createTaskQueue", () => {
  test("accepted tasks are done; rejected without retry are dropped (yapapi)", async () => {
    const events: (TaskAccepted | TaskRejected)[] = [];
    const tasks = [new Task<number, string>(1), new Task<number, string>(2)];
    const queue = createTaskQueue(tasks, { emit: (e) => events.push(e) });
    for await (const handle of queue.newConsumer()) {
      const task = handle.item;
      assert.equal(task.status, "RUNNING");
      if (task.data === 1) task.acceptResult("one");
      else task.rejectResult("two is wrong");
    }
    await queue.waitUntilDone();
    assert.deepEqual(
      tasks.map((t) => t.status),
      ["ACCEPTED", "REJECTED"],
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ["TaskAccepted", "TaskRejected"],
    );
  });

  test("a lone worker gets its own rejected task back until the retries are used up", async () => {
    const clock = fakeClock();
    const task = new Task<string, string>("stubborn", { clock: clock.now });
    // Both tasks read the fake clock: a real one may tick between start and the check.
    const queue = createTaskQueue([task, new Task<string, string>("after", { clock: clock.now })], {
      maxRetries: 2,
    });
    const order: string[] = [];
    for await (const handle of queue.newConsumer()) {
      const t = handle.item;
      order.push(`${t.data}#${t.retries}`);
      assert.equal(t.runningTime, 0, "a retry restarts the clock");
      clock.advance(10);
      if (t.data === "stubborn") t.rejectResult("still wrong", true);
      else t.acceptResult("ok");
    }
    await queue.waitUntilDone();
    assert.deepEqual(order, ["stubborn#0", "stubborn#1", "stubborn#2", "after#0"]);
    assert.equal(task.status, "REJECTED");
    assert.equal(task.rejectReason, "still wrong");
    assert.equal(task.retries, 2);
  });

  test("a task whose worker ends without a verdict waits again, or is given up with an event", async () => {
    const events: (TaskAccepted | TaskRejected)[] = [];
    const task = new Task<number, string>(1);
    const queue = createTaskQueue([task], { maxRetries: 1, emit: (e) => events.push(e) });
    const first = queue.newConsumer();
    await first.next();
    first.close();
    assert.equal(task.status, "WAITING");
    assert.equal(task.retries, 1);
    const second = queue.newConsumer();
    const { value } = await second.next();
    assert.equal((value as QueueHandle<Task<number, string>>).item, task);
    second.close();
    assert.equal(task.status, "REJECTED");
    assert.match(task.rejectReason ?? "", /^gave up after 1 retries/);
    assert.deepEqual(events, [{ type: "TaskRejected", taskId: task.id, reason: task.rejectReason }]);
    await queue.waitUntilDone();
  });
});
