// The agreement machine, model-based (xstate-notes 4.2 pattern A): a small model with plain
// events says where the agreement should be; each model event drives the real machine
// (a fake REST answer, an event from the root, or the simulated clock), under a recording
// parent. Every edge of the model gets a path, run with multi-activity on and off.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type AnyEventObject, setup } from "xstate";
import { createTestModel } from "xstate/graph";
import {
  type AgreementInput,
  agreementMachine,
  CANCELLED_REASON,
  DEFAULT_AGREEMENT_TIMEOUTS,
  FINISHED_REASON,
} from "../../machines/agreement.machine.js";
import { universe } from "./coverage.js";
import { FakeRest } from "./fake-actors.js";
import { settle, startUnderParent } from "./parent-harness.js";

const APPROVAL_MS = 5_000;

function start(
  multiActivity: boolean,
  timeouts: AgreementInput["timeouts"] | "defaults" = { approvalTimeoutMs: APPROVAL_MS },
) {
  const rest = new FakeRest();
  const bound = agreementMachine.provide({
    actors: {
      createAgreement: rest.actor("createAgreement"),
      confirmAgreement: rest.actor("confirmAgreement"),
      cancelAgreement: rest.actor("cancelAgreement"),
      terminateAgreement: rest.actor("terminateAgreement"),
    },
  });
  const input: AgreementInput = {
    proposalId: "p1",
    providerId: "0xprov",
    providerName: "lynx",
    multiActivity,
  };
  if (timeouts !== "defaults") input.timeouts = timeouts;
  const run = startUnderParent(bound, input, { coverageOf: agreementMachine });
  return { rest, run };
}

/** What the agreement should do, in the root's words; `cancelling*` remember why it cancels. */
const model = setup({
  types: { context: {} as { multiActivity: boolean }, input: {} as { multiActivity: boolean } },
  guards: { multiActivity: ({ context }) => context.multiActivity },
}).createMachine({
  id: "agreementModel",
  context: ({ input }) => ({ multiActivity: input.multiActivity }),
  initial: "creating",
  states: {
    creating: { on: { CREATED: "confirming", CREATE_FAILED: "failed", TERMINATE: "creatingToStop" } },
    creatingToStop: { on: { CREATED: "cancelling", CREATE_FAILED: "failed" } },
    confirming: {
      on: {
        APPROVED: "idle",
        REJECTED: "rejected",
        CONFIRM_FAILED: "cancellingFailed",
        APPROVAL_TIMEOUT: "cancellingExpired",
        TERMINATE: "cancelling",
      },
    },
    cancelling: { on: { CANCELLED: "terminated", CANCEL_FAILED: "failed" } },
    cancellingExpired: { on: { CANCELLED: "expired", CANCEL_FAILED: "failed" } },
    cancellingFailed: { on: { CANCELLED: "failed", CANCEL_FAILED: "failed" } },
    idle: { on: { ACQUIRE: "inUse", TERMINATE: "terminating", PROVIDER_TERMINATED: "terminatedByProvider" } },
    inUse: {
      on: {
        RELEASE_OK: [{ guard: "multiActivity", target: "idle" }, { target: "terminating" }],
        RELEASE_BROKEN: "terminating",
        TERMINATE: "terminating",
        PROVIDER_TERMINATED: "terminatedByProvider",
      },
    },
    terminating: { on: { TERMINATED: "terminated", TERMINATE_FAILED: "failed" } },
    terminated: { type: "final" },
    rejected: { type: "final" },
    expired: { type: "final" },
    failed: { type: "final" },
    terminatedByProvider: { type: "final" },
  },
});

/** The machine's state for a model state. */
const sutState: Record<string, string> = {
  creatingToStop: "creating",
  cancellingExpired: "cancelling",
  cancellingFailed: "cancelling",
};

/** What the root hears when a model event happens (`agreement.ended` comes with any final). */
const reports: Record<string, string[]> = {
  CREATED: ["agreement.created"],
  APPROVED: ["agreement.approved"],
  REJECTED: ["agreement.rejected"],
};

const daemonError = () => Object.assign(new Error("POST failed with 500: boom"), { name: "ApiError" });
const terminateReason = { message: "Computation finished", "golem.requestor.code": "Success" };

for (const multiActivity of [true, false]) {
  describe(`agreement machine: model-based paths (multiActivity=${multiActivity})`, () => {
    const paths = createTestModel(model).getShortestPaths({
      input: { multiActivity },
      // One vertex per edge, so that shortest paths go through every transition once.
      serializeState: (s, e, prev) => JSON.stringify([s.value, e?.type, prev?.value]),
    });
    test("the paths take every edge of the model", () => {
      const taken = new Set(
        paths.flatMap((p) =>
          p.steps.slice(1).map((s, i) => `agreementModel.${p.steps[i]!.state.value}|${s.event.type}`),
        ),
      );
      assert.deepEqual([...taken].sort(), universe(model).transitions.sort());
    });
    for (const path of paths) {
      const name = path.steps.map((s) => s.event.type).join(" → ") || "(start)";
      test(name, async () => {
        const { rest, run } = start(multiActivity);
        const send = (event: AnyEventObject) => async () => {
          run.child.send(event as never);
          await settle();
        };
        await path.test({
          events: {
            CREATED: () => rest.resolve("createAgreement", { agreementId: "agr-1" }),
            CREATE_FAILED: () => rest.reject("createAgreement", daemonError()),
            TERMINATE: send({ type: "agreement.terminate", reason: terminateReason }),
            APPROVED: () => rest.resolve("confirmAgreement", { approved: true }),
            REJECTED: () => rest.resolve("confirmAgreement", { approved: false }),
            CONFIRM_FAILED: () => rest.reject("confirmAgreement", daemonError()),
            APPROVAL_TIMEOUT: () => {
              run.clock.increment(APPROVAL_MS - 1);
              assert.equal(run.child.getSnapshot().value, "confirming");
              run.clock.increment(1);
            },
            CANCELLED: () => rest.resolve("cancelAgreement"),
            CANCEL_FAILED: () => rest.reject("cancelAgreement", daemonError()),
            ACQUIRE: send({ type: "agreement.acquire", workerId: "worker-0" }),
            RELEASE_OK: send({ type: "agreement.release", reusable: true }),
            RELEASE_BROKEN: send({ type: "agreement.release", reusable: false }),
            PROVIDER_TERMINATED: send({ type: "agreement.providerTerminated", reason: { message: "Idle" } }),
            TERMINATED: () => rest.resolve("terminateAgreement"),
            TERMINATE_FAILED: () => rest.reject("terminateAgreement", daemonError()),
          },
          states: {
            "*": (expected) => {
              const value = String(expected.value);
              const actual = run.child.getSnapshot();
              assert.equal(actual.value, sutState[value] ?? value);
              assert.equal(actual.status, expected.status === "done" ? "done" : "active");
              if (expected.status === "done") assert.equal(actual.output?.outcome, value);
            },
          },
        });
        // Left states abort their calls: nothing stays pending once the agreement ended.
        if (path.state.status === "done") {
          assert.deepEqual(
            rest.calls.filter((c) => !c.settled && !c.signal.aborted).map((c) => c.name),
            [],
          );
        }
        const heard = run.received.filter((e) => !e.type.startsWith("xstate."));
        const expected = path.steps.flatMap((s) => reports[s.event.type] ?? []);
        if (path.state.status === "done") expected.push("agreement.ended");
        assert.deepEqual(
          heard.map((e) => e.type),
          expected,
        );
        for (const e of heard) assert.equal(e.proposalId, "p1");
        if (path.state.status === "done") {
          const { type: _, ...ended } = heard.at(-1)!;
          assert.deepEqual(ended, run.child.getSnapshot().output);
        }
        run.stop();
      });
    }
  });
}

describe("agreement machine: rules", () => {
  const approved = async (multiActivity: boolean) => {
    const s = start(multiActivity);
    await s.rest.resolve("createAgreement", { agreementId: "agr-1" });
    assert.deepEqual(s.rest.last("confirmAgreement").input, { agreementId: "agr-1" });
    await s.rest.resolve("confirmAgreement", { approved: true });
    return s;
  };

  test("creates from the proposal id and starts with the default timeouts", () => {
    const { rest, run } = start(true, "defaults");
    assert.deepEqual(rest.last("createAgreement").input, { proposalId: "p1" });
    assert.deepEqual(run.child.getSnapshot().context.timeouts, DEFAULT_AGREEMENT_TIMEOUTS);
    run.stop();
  });

  test("a multi-activity agreement is reused, then terminated with the root's reason", async () => {
    const { rest, run } = await approved(true);
    for (const workerId of ["w1", "w2"]) {
      run.child.send({ type: "agreement.acquire", workerId });
      assert.equal(run.child.getSnapshot().context.workerId, workerId);
      run.child.send({ type: "agreement.release", reusable: true });
      assert.equal(run.child.getSnapshot().value, "idle");
      assert.equal(run.child.getSnapshot().context.workerId, undefined);
    }
    run.child.send({ type: "agreement.terminate", reason: terminateReason });
    assert.deepEqual(rest.last("terminateAgreement").input, {
      agreementId: "agr-1",
      reason: terminateReason,
    });
    await rest.resolve("terminateAgreement");
    assert.deepEqual(run.child.getSnapshot().output, {
      proposalId: "p1",
      agreementId: "agr-1",
      outcome: "terminated",
      reason: terminateReason,
    });
    run.stop();
  });

  test("released agreements are terminated with yapapi's reasons", async () => {
    for (const [multiActivity, reusable, reason] of [
      [false, true, FINISHED_REASON],
      [false, false, CANCELLED_REASON],
      [true, false, CANCELLED_REASON],
    ] as const) {
      const { rest, run } = await approved(multiActivity);
      run.child.send({ type: "agreement.acquire", workerId: "w1" });
      run.child.send({ type: "agreement.release", reusable });
      assert.deepEqual(rest.pending("terminateAgreement").input, { agreementId: "agr-1", reason });
      run.stop();
    }
  });

  test("an approval that does not come in time cancels the agreement and ends expired", async () => {
    const { rest, run } = start(true);
    await rest.resolve("createAgreement", { agreementId: "agr-1" });
    run.clock.increment(APPROVAL_MS);
    assert.equal(rest.last("confirmAgreement").signal.aborted, true);
    const cancel = rest.pending("cancelAgreement").input as { reason: { message: string } };
    assert.match(cancel.reason.message, /Not approved by the provider within 5000 ms/);
    await rest.resolve("cancelAgreement");
    assert.equal(run.child.getSnapshot().output?.outcome, "expired");
    assert.deepEqual(run.child.getSnapshot().output?.reason, cancel.reason);
    run.stop();
  });

  test("a terminate during creation waits for the agreement, then cancels it", async () => {
    const { rest, run } = start(true);
    run.child.send({ type: "agreement.terminate", reason: terminateReason });
    assert.equal(run.child.getSnapshot().value, "creating");
    await rest.resolve("createAgreement", { agreementId: "agr-9" });
    assert.deepEqual(rest.pending("cancelAgreement").input, {
      agreementId: "agr-9",
      reason: terminateReason,
    });
    assert.deepEqual(run.sent("agreement.created"), [
      { type: "agreement.created", proposalId: "p1", agreementId: "agr-9" },
    ]);
    await rest.resolve("cancelAgreement");
    assert.equal(run.child.getSnapshot().output?.outcome, "terminated");
    run.stop();
  });

  test("a failed create ends failed without an agreement id, reason from the error", async () => {
    const { rest, run } = start(true);
    await rest.reject("createAgreement", daemonError());
    assert.deepEqual(run.sent("agreement.ended"), [
      {
        type: "agreement.ended",
        proposalId: "p1",
        outcome: "failed",
        reason: { message: "POST failed with 500: boom", error: "ApiError" },
      },
    ]);
    run.stop();
  });

  test("the provider's termination ends it with the provider's reason; late events are ignored", async () => {
    const { rest, run } = await approved(true);
    run.child.send({ type: "agreement.acquire", workerId: "w1" });
    run.child.send({ type: "agreement.providerTerminated", reason: { message: "Crashed", code: 7 } });
    const out = run.child.getSnapshot().output;
    assert.deepEqual(out, {
      proposalId: "p1",
      agreementId: "agr-1",
      outcome: "terminatedByProvider",
      reason: { message: "Crashed", code: 7 },
    });
    run.child.send({ type: "agreement.terminate", reason: terminateReason });
    await settle();
    assert.deepEqual(run.child.getSnapshot().output, out);
    assert.equal(run.sent("agreement.ended").length, 1);
    assert.equal(rest.calls.filter((c) => c.name === "terminateAgreement").length, 0);
    run.stop();
  });

  test("acquire is only taken when idle", async () => {
    const { run } = start(true);
    run.child.send({ type: "agreement.acquire", workerId: "w1" });
    assert.equal(run.child.getSnapshot().value, "creating");
    assert.equal(run.child.getSnapshot().context.workerId, undefined);
    run.stop();
  });

  test("without provided actors, each placeholder rejects with a message naming it", async () => {
    const run = startUnderParent(agreementMachine, {
      proposalId: "p1",
      providerId: "x",
      providerName: "x",
      multiActivity: true,
    });
    await settle();
    assert.deepEqual(run.child.getSnapshot().output?.reason, {
      message: "agreement: actor createAgreement is not provided",
      error: "Error",
    });
    run.stop();
  });
});
