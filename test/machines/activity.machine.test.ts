// The activity machine, model-based (xstate-notes 4.2 pattern A): a small model with plain
// events says where the activity should be; each model event drives the real machine (a
// fake REST answer, an event from the worker, or the simulated clock), under a recording
// parent. Every edge of the model gets a path; the root hears exactly the expected events.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type AnyEventObject, setup } from "xstate";
import { createTestModel } from "xstate/graph";
import {
  type ActivityInput,
  type ActivityTimeouts,
  activityMachine,
  type CommandResult,
  DEFAULT_ACTIVITY_TIMEOUTS,
} from "../../machines/activity.machine.js";
import { universe } from "./coverage.js";
import { FakeRest } from "./fake-actors.js";
import { settle, startUnderParent } from "./parent-harness.js";

const TIMEOUTS: ActivityTimeouts = {
  deployTimeoutMs: 60_000,
  batchTimeoutMs: 10_000,
  destroyTimeoutMs: 5_000,
};

function start(timeouts: ActivityInput["timeouts"] | "defaults" = TIMEOUTS) {
  const rest = new FakeRest();
  const bound = activityMachine.provide({
    actors: {
      createActivity: rest.actor("createActivity"),
      deploy: rest.actor("deploy"),
      runBatch: rest.actor("runBatch"),
      destroyActivity: rest.actor("destroyActivity"),
    },
  });
  const input: ActivityInput = { agreementId: "agr-1" };
  if (timeouts !== "defaults") input.timeouts = timeouts;
  const run = startUnderParent(bound, input, { coverageOf: activityMachine });
  return { rest, run };
}

/** What the activity should do; `creatingToStop`/`destroyingFailed` remember why. */
const model = setup({}).createMachine({
  id: "activityModel",
  initial: "creating",
  states: {
    creating: {
      on: { CREATED: "deploying", CREATE_FAILED: "failed", STOP: "creatingToStop", RUN: "creating" },
    },
    creatingToStop: { on: { CREATED: "destroying", CREATE_FAILED: "failed" } },
    deploying: {
      on: {
        DEPLOYED: "ready",
        DEPLOY_FAILED: "destroyingFailed",
        DEPLOY_TERMINATED: "failed",
        DEPLOY_TIMEOUT: "destroyingFailed",
        STOP: "destroying",
        RUN: "deploying",
      },
    },
    ready: { on: { RUN: "runningBatch", STOP: "destroying" } },
    runningBatch: {
      on: {
        BATCH_DONE: "ready",
        BATCH_FAILED: "ready",
        BATCH_TERMINATED: "failed",
        BATCH_TIMEOUT: "ready",
        STOP: "destroying",
        RUN: "runningBatch",
      },
    },
    destroying: {
      on: {
        DESTROYED: "destroyed",
        DESTROY_FAILED: "failed",
        DESTROY_TIMEOUT: "unresponsive",
        RUN: "destroying",
      },
    },
    destroyingFailed: {
      on: { DESTROYED: "failed", DESTROY_FAILED: "failed", DESTROY_TIMEOUT: "unresponsive" },
    },
    destroyed: { type: "final" },
    failed: { type: "final" },
    unresponsive: { type: "final" },
  },
});

const sutState: Record<string, string> = { creatingToStop: "creating", destroyingFailed: "destroying" };
const outcomes: Record<string, string> = { destroyed: "destroyed", failed: "failed", unresponsive: "failed" };

const named = (name: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name, ...extra });
const echo = { run: { entry_point: "/bin/echo", args: ["hi"] } };
const echoed: CommandResult = {
  index: 0,
  command: echo,
  success: true,
  message: null,
  stdout: "hi\n",
  stderr: null,
};
const commandFailure = () =>
  named("CommandExecutionError", "Command failed on provider", {
    command: echo,
    stderr: "no such file",
    index: 0,
  });
const terminated = () => named("ActivityTerminatedError", "Activity act-1 terminated by provider");

describe("activity machine: model-based paths", () => {
  const paths = createTestModel(model).getShortestPaths({
    // One vertex per edge (self-loops included), so that the paths take every transition.
    serializeState: (s, e, prev) => JSON.stringify([s.value, e?.type, prev?.value]),
  });
  test("the paths take every edge of the model", () => {
    const taken = new Set(
      paths.flatMap((p) =>
        p.steps.slice(1).map((s, i) => `activityModel.${p.steps[i]!.state.value}|${s.event.type}`),
      ),
    );
    assert.deepEqual([...taken].sort(), universe(model).transitions.sort());
  });
  for (const path of paths) {
    const name = path.steps.map((s) => s.event.type).join(" → ") || "(start)";
    test(name, async () => {
      const { rest, run } = start();
      // The root's expected view: event types, with the error name of each batch.failed.
      const expected: string[] = [];
      let before = "creating";
      let batches = 0;
      let batchTimeoutMs = 0;
      const send = (event: AnyEventObject) => {
        run.child.send(event as never);
        return settle();
      };
      await path.test({
        events: {
          CREATED: async () => {
            await rest.resolve("createActivity", { activityId: "act-1" });
            expected.push("activity.created");
          },
          CREATE_FAILED: () =>
            rest.reject("createActivity", named("ApiError", "POST /activity failed with 500")),
          STOP: async () => {
            await send({ type: "activity.stop" });
            if (before === "runningBatch") expected.push("batch.failed:BatchCancelledError");
          },
          RUN: async () => {
            batches++;
            // Odd batches carry their own deadline, even ones use the machine's default.
            const own = batches % 2 === 1 ? 2_000 + batches : undefined;
            await send({
              type: "batch.run",
              batchId: `b${batches}`,
              commands: [echo],
              stream: false,
              timeoutMs: own,
            });
            if (before === "ready") {
              batchTimeoutMs = own ?? TIMEOUTS.batchTimeoutMs;
              assert.deepEqual(rest.pending("runBatch").input, {
                activityId: "act-1",
                batchId: `b${batches}`,
                commands: [echo],
                stream: false,
                timeoutMs: batchTimeoutMs,
              });
            } else {
              expected.push("batch.failed:ActivityNotReadyError");
            }
          },
          DEPLOYED: async () => {
            assert.deepEqual(rest.pending("deploy").input, { activityId: "act-1" });
            await rest.resolve("deploy");
            expected.push("activity.ready");
          },
          DEPLOY_FAILED: () => rest.reject("deploy", commandFailure()),
          DEPLOY_TERMINATED: () => rest.reject("deploy", terminated()),
          DEPLOY_TIMEOUT: () => {
            run.clock.increment(TIMEOUTS.deployTimeoutMs - 1);
            assert.equal(run.child.getSnapshot().value, "deploying");
            run.clock.increment(1);
            assert.equal(rest.last("deploy").signal.aborted, true);
          },
          BATCH_DONE: async () => {
            await rest.resolve("runBatch", { results: [echoed] });
            expected.push("batch.finished");
          },
          BATCH_FAILED: async () => {
            await rest.reject("runBatch", commandFailure());
            expected.push("batch.failed:CommandExecutionError");
          },
          BATCH_TERMINATED: async () => {
            await rest.reject("runBatch", terminated());
            expected.push("batch.failed:ActivityTerminatedError");
          },
          BATCH_TIMEOUT: () => {
            run.clock.increment(batchTimeoutMs - 1);
            assert.equal(run.child.getSnapshot().value, "runningBatch");
            run.clock.increment(1);
            assert.equal(rest.last("runBatch").signal.aborted, true);
            expected.push("batch.failed:BatchTimeoutError");
          },
          DESTROYED: () => rest.resolve("destroyActivity"),
          DESTROY_FAILED: () => rest.reject("destroyActivity", named("ApiError", "DELETE failed with 500")),
          DESTROY_TIMEOUT: () => {
            run.clock.increment(TIMEOUTS.destroyTimeoutMs - 1);
            assert.equal(run.child.getSnapshot().value, "destroying");
            run.clock.increment(1);
          },
        },
        states: {
          "*": (state) => {
            const value = String(state.value);
            before = value;
            const actual = run.child.getSnapshot();
            assert.equal(actual.value, sutState[value] ?? value);
            if (value === "destroying" || value === "destroyingFailed") {
              assert.deepEqual(rest.pending("destroyActivity").input, { activityId: "act-1" });
            }
            assert.equal(actual.status, state.status === "done" ? "done" : "active");
            if (state.status === "done") assert.equal(actual.output?.outcome, outcomes[value]);
          },
        },
      });
      if (path.state.status === "done") expected.push("activity.ended");
      const heard = run.received.filter((e) => !e.type.startsWith("xstate."));
      assert.deepEqual(
        heard.map((e) => (e.type === "batch.failed" ? `${e.type}:${e.error.name}` : e.type)),
        expected,
      );
      for (const e of heard) assert.equal(e.agreementId, "agr-1");
      if (path.state.status === "done") {
        const { type: _, ...ended } = heard.at(-1)!;
        assert.deepEqual(ended, run.child.getSnapshot().output);
        assert.deepEqual(
          rest.calls.filter((c) => !c.settled && !c.signal.aborted).map((c) => c.name),
          [],
        );
      }
      run.stop();
    });
  }
});

describe("activity machine: rules", () => {
  const ready = async () => {
    const s = start();
    await s.rest.resolve("createActivity", { activityId: "act-1" });
    await s.rest.resolve("deploy");
    return s;
  };

  test("starts with the default timeouts and creates under its agreement", () => {
    const { rest, run } = start("defaults");
    assert.deepEqual(run.child.getSnapshot().context.timeouts, DEFAULT_ACTIVITY_TIMEOUTS);
    assert.deepEqual(rest.pending("createActivity").input, { agreementId: "agr-1" });
    run.stop();
  });

  test("batches run one after another; each answer names its batch and carries the results", async () => {
    const { rest, run } = await ready();
    run.child.send({ type: "batch.run", batchId: "b1", commands: [echo], stream: true });
    run.child.send({ type: "batch.run", batchId: "b2", commands: [echo], stream: false });
    await rest.resolve("runBatch", { results: [echoed] });
    run.child.send({ type: "batch.run", batchId: "b3", commands: [echo], stream: false });
    await rest.reject("runBatch", commandFailure());
    assert.deepEqual(
      run.received.filter((e) => e.type.startsWith("batch.")),
      [
        {
          type: "batch.failed",
          agreementId: "agr-1",
          batchId: "b2",
          error: {
            name: "ActivityNotReadyError",
            message: "The activity for agreement agr-1 is not ready to run batch b2",
          },
        },
        { type: "batch.finished", agreementId: "agr-1", batchId: "b1", results: [echoed] },
        {
          type: "batch.failed",
          agreementId: "agr-1",
          batchId: "b3",
          error: {
            name: "CommandExecutionError",
            message: "Command failed on provider",
            command: echo,
            stderr: "no such file",
            index: 0,
          },
        },
      ],
    );
    assert.equal(run.child.getSnapshot().value, "ready");
    assert.equal(run.child.getSnapshot().context.batch, undefined);
    run.stop();
  });

  test("stopping during a batch aborts it, answers it, destroys with the stop's reason", async () => {
    const { rest, run } = await ready();
    run.child.send({ type: "batch.run", batchId: "b1", commands: [echo], stream: false });
    run.child.send({ type: "activity.stop", reason: { message: "Shutdown" } });
    assert.equal(rest.last("runBatch").signal.aborted, true);
    await rest.resolve("destroyActivity");
    assert.deepEqual(run.sent("activity.ended"), [
      {
        type: "activity.ended",
        agreementId: "agr-1",
        activityId: "act-1",
        outcome: "destroyed",
        reason: { message: "Shutdown" },
      },
    ]);
    run.stop();
  });

  test("a failed deploy still destroys the activity, which then ends failed with the deploy's error", async () => {
    const { rest, run } = start();
    await rest.resolve("createActivity", { activityId: "act-1" });
    await rest.reject("deploy", commandFailure());
    await rest.resolve("destroyActivity");
    assert.deepEqual(run.child.getSnapshot().output, {
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "failed",
      reason: { message: "Command failed on provider", error: "CommandExecutionError" },
    });
    run.stop();
  });

  test("an unresponsive provider ends the activity failed, saying so", async () => {
    const { rest, run } = await ready();
    run.child.send({ type: "activity.stop" });
    run.clock.increment(TIMEOUTS.destroyTimeoutMs);
    const out = run.child.getSnapshot().output;
    assert.equal(out?.outcome, "failed");
    assert.equal(out?.reason?.error, "Unresponsive");
    assert.match(String(out?.reason?.message), /did not answer the destroy of activity act-1 within 5000 ms/);
    assert.equal(rest.calls.filter((c) => c.name === "destroyActivity").length, 1);
    run.stop();
  });

  test("a stop during creation waits for the activity, then destroys it without deploying", async () => {
    const { rest, run } = start();
    run.child.send({ type: "activity.stop" });
    await rest.resolve("createActivity", { activityId: "act-7" });
    assert.deepEqual(rest.pending("destroyActivity").input, { activityId: "act-7" });
    assert.equal(rest.calls.filter((c) => c.name === "deploy").length, 0);
    await rest.resolve("destroyActivity");
    assert.equal(run.child.getSnapshot().output?.outcome, "destroyed");
    run.stop();
  });

  test("without provided actors, each placeholder rejects with a message naming it", async () => {
    const run = startUnderParent(activityMachine, { agreementId: "agr-1" });
    await settle();
    assert.deepEqual(run.child.getSnapshot().output?.reason, {
      message: "activity: actor createActivity is not provided",
      error: "Error",
    });
    run.stop();
  });
});
