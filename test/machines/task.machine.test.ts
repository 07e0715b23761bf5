// The task machine: model-based paths through the machine itself (it has no actors or
// delays, so xstate/graph can traverse it directly), each replayed on a real actor under a
// recording parent, plus the rules the issue pins down.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestModel } from "xstate/graph";
import { type TaskEvent, type TaskInput, taskMachine } from "../../machines/task.machine.js";
import { startUnderParent } from "./parent-harness.js";

const input: TaskInput = { taskId: "t1", maxRetries: 1 };

// The traversal has no parent: the model is the machine with its messages to the root muted.
const model = createTestModel(
  taskMachine.provide({
    actions: { notifyQueued: () => {}, notifyAccepted: () => {}, notifyFailed: () => {} },
  }),
  {
    input,
    events: [
      { type: "task.assign", workerId: "w1" },
      { type: "task.start" },
      { type: "task.accept", result: { out: "42" } },
      { type: "task.reject", reason: "bad output", retry: true },
      { type: "task.reject", reason: "broken", retry: false },
      { type: "task.unassign" },
      { type: "task.cancel", reason: "shutdown" },
    ],
  },
);

const event = (e: TaskEvent) => e;

describe("task machine: model-based paths", () => {
  const paths = model.getShortestPaths();
  test("the model reaches every state", () => {
    const values = new Set(paths.flatMap((p) => p.steps.map((s) => JSON.stringify(s.state.value))));
    for (const s of ["queued", "assigned", "running", "accepted", "failed"])
      assert.ok(values.has(`"${s}"`), s);
  });

  for (const path of paths) {
    test(path.description, async () => {
      const run = startUnderParent(taskMachine, input);
      // The step events are the model's, which are the machine's own.
      const send = (step: { event: { type: string } }) => run.child.send(step.event as TaskEvent);
      await path.test({
        events: {
          "task.assign": send,
          "task.start": send,
          "task.accept": send,
          "task.reject": send,
          "task.unassign": send,
          "task.cancel": send,
        },
        states: {
          "*": (expected) => {
            const actual = run.child.getSnapshot();
            assert.deepEqual(actual.value, expected.value);
            assert.deepEqual(actual.context, expected.context);
            assert.equal(actual.status, expected.status);
            if (expected.status === "done") assert.deepEqual(actual.output, expected.output);
          },
        },
      });
      // task.queued each time the task went back to the queue, task.ended once at the end.
      let requeued = 0;
      path.steps.forEach((step, i) => {
        const before = i === 0 ? "queued" : path.steps[i - 1]!.state.value;
        if (step.state.value === "queued" && before !== "queued") requeued++;
      });
      assert.deepEqual(run.sent("task.queued"), Array(requeued).fill({ type: "task.queued", taskId: "t1" }));
      const ended = run.sent("task.ended");
      if (path.state.status === "done")
        assert.deepEqual(ended, [{ type: "task.ended", ...path.state.output }]);
      else assert.deepEqual(ended, []);
      run.stop();
    });
  }
});

describe("task machine: rules", () => {
  test("retries are capped by maxRetries (default 3)", () => {
    const run = startUnderParent(taskMachine, { taskId: "t2" });
    for (let i = 0; i < 4; i++) {
      assert.equal(run.child.getSnapshot().value, "queued");
      run.child.send(event({ type: "task.assign", workerId: `w${i}` }));
      run.child.send(event({ type: "task.start" }));
      run.child.send(event({ type: "task.reject", reason: `attempt ${i}`, retry: true }));
    }
    const snapshot = run.child.getSnapshot();
    assert.equal(snapshot.value, "failed");
    assert.deepEqual(snapshot.output, { taskId: "t2", outcome: "failed", reason: "attempt 3", retries: 3 });
    assert.equal(run.sent("task.queued").length, 3);
    assert.deepEqual(run.sent("task.ended"), [{ type: "task.ended", ...snapshot.output }]);
  });

  test("a rejection without retry fails at once", () => {
    const run = startUnderParent(taskMachine, { taskId: "t3", maxRetries: 5 });
    run.child.send(event({ type: "task.assign", workerId: "w1" }));
    run.child.send(event({ type: "task.start" }));
    run.child.send(event({ type: "task.reject", retry: false }));
    assert.deepEqual(run.child.getSnapshot().output, {
      taskId: "t3",
      outcome: "failed",
      reason: "rejected",
      retries: 0,
    });
    assert.equal(run.sent("task.queued").length, 0);
  });

  test("a rescheduled task can be assigned to the same worker again", () => {
    const run = startUnderParent(taskMachine, { taskId: "t4" });
    run.child.send(event({ type: "task.assign", workerId: "only" }));
    run.child.send(event({ type: "task.start" }));
    run.child.send(event({ type: "task.reject", reason: "flaky", retry: true }));
    assert.equal(run.child.getSnapshot().value, "queued");
    assert.equal(run.child.getSnapshot().context.workerId, undefined);
    run.child.send(event({ type: "task.assign", workerId: "only" }));
    assert.equal(run.child.getSnapshot().value, "assigned");
    assert.equal(run.child.getSnapshot().context.workerId, "only");
    run.child.send(event({ type: "task.start" }));
    run.child.send(event({ type: "task.accept", result: [1, 2] }));
    assert.deepEqual(run.child.getSnapshot().output, {
      taskId: "t4",
      outcome: "accepted",
      result: [1, 2],
      retries: 1,
    });
  });

  test("unassign sends the task back to the queue without counting a retry", () => {
    const run = startUnderParent(taskMachine, { taskId: "t5", maxRetries: 0 });
    run.child.send(event({ type: "task.assign", workerId: "w1" }));
    run.child.send(event({ type: "task.unassign" }));
    run.child.send(event({ type: "task.assign", workerId: "w2" }));
    run.child.send(event({ type: "task.start" }));
    run.child.send(event({ type: "task.unassign" }));
    assert.equal(run.child.getSnapshot().value, "queued");
    assert.equal(run.child.getSnapshot().context.retries, 0);
    assert.equal(run.sent("task.queued").length, 2);
    run.child.send(event({ type: "task.assign", workerId: "w3" }));
    run.child.send(event({ type: "task.start" }));
    run.child.send(event({ type: "task.accept" }));
    assert.deepEqual(run.child.getSnapshot().output, {
      taskId: "t5",
      outcome: "accepted",
      result: null,
      retries: 0,
    });
  });

  test("late events in final states are ignored", () => {
    const run = startUnderParent(taskMachine, { taskId: "t6" });
    run.child.send(event({ type: "task.assign", workerId: "w1" }));
    run.child.send(event({ type: "task.start" }));
    run.child.send(event({ type: "task.accept", result: "ok" }));
    const done = run.child.getSnapshot();
    const messages = run.received.length;
    for (const late of [
      event({ type: "task.reject", reason: "late", retry: true }),
      event({ type: "task.cancel", reason: "shutdown" }),
      event({ type: "task.unassign" }),
      event({ type: "task.assign", workerId: "w2" }),
    ]) {
      run.child.send(late);
    }
    assert.equal(run.child.getSnapshot(), done);
    assert.equal(run.received.length, messages);
  });

  test("cancel ends a task with the shutdown's reason from any live state", () => {
    for (const steps of [[], ["assign"], ["assign", "start"]]) {
      const run = startUnderParent(taskMachine, { taskId: "t7" });
      if (steps.includes("assign")) run.child.send(event({ type: "task.assign", workerId: "w1" }));
      if (steps.includes("start")) run.child.send(event({ type: "task.start" }));
      run.child.send(event({ type: "task.cancel" }));
      assert.deepEqual(run.sent("task.ended"), [
        { type: "task.ended", taskId: "t7", outcome: "failed", reason: "cancelled", retries: 0 },
      ]);
    }
  });
});
