// The root machine, model-based (xstate-notes 4.2 pattern A) for its lifecycle: a small
// model says where the computation should be; each model event drives the real root (a
// fake REST answer, an event from the driver or a feed, or the simulated clock). Focused
// tests then drive agreements, workers, tasks and payments through puppets.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assign, setup } from "xstate";
import { createTestModel } from "xstate/graph";
import { oneWorker, RootHarness, TIMEOUTS } from "./computation-harness.js";

type Outcome = "finished" | "failed" | "cancelled";

/** The root's lifecycle in the model's words; context says how it should end. */
const model = setup({
  types: { context: {} as { outcome: Outcome | ""; started: boolean } },
  actions: {
    fail: assign({ outcome: "failed" as const }),
    cancel: assign({ outcome: "cancelled" as const }),
    finish: assign({ outcome: "finished" as const }),
  },
}).createMachine({
  id: "computationModel",
  context: { outcome: "", started: false },
  initial: "allocating",
  states: {
    allocating: {
      on: {
        ALLOCATED: { target: "buildingDemand", actions: assign({ started: true }) },
        NO_ACCOUNT: { target: "releasing", actions: "fail" },
        ALLOCATE_FAILED: { target: "releasing", actions: "fail" },
        CANCEL: { target: "releasing", actions: "cancel" },
        TIMEOUT: { target: "releasing", actions: "fail" },
      },
    },
    buildingDemand: {
      on: { BUILT: "subscribing", BUILD_FAILED: { target: "releasing", actions: "fail" } },
    },
    subscribing: {
      on: { SUBSCRIBED: "collecting", SUBSCRIBE_FAILED: { target: "releasing", actions: "fail" } },
    },
    collecting: {
      on: {
        EXPIRED: "resubscribing",
        COLLECT_FAILED: { target: "releasing", actions: "fail" },
        INPUT_FAILED: { target: "releasing", actions: "fail" },
        ALL_DONE: { target: "releasing", actions: "finish" },
        CANCEL: { target: "releasing", actions: "cancel" },
        TIMEOUT: { target: "releasing", actions: "fail" },
      },
    },
    resubscribing: {
      on: { RESUBSCRIBED: "collectingAgain", RESUBSCRIBE_FAILED: { target: "releasing", actions: "fail" } },
    },
    collectingAgain: {
      on: {
        ALL_DONE: { target: "releasing", actions: "finish" },
        CANCEL: { target: "releasing", actions: "cancel" },
      },
    },
    releasing: { on: { RELEASED: "done", RELEASE_FAILED: "done", RELEASE_TIMEOUT: "done" } },
    done: { type: "final" },
  },
});

const SUT_STATE: Record<string, string> = {
  allocating: "live.working.preparing.allocating",
  buildingDemand: "live.working.preparing.buildingDemand",
  subscribing: "live.working.preparing.subscribing",
  collecting: "live.working.running.market.collecting",
  collectingAgain: "live.working.running.market.collecting",
  resubscribing: "live.working.running.market.resubscribing",
  releasing: "live.shuttingDown.releasing",
};

describe("computation lifecycle (model-based)", () => {
  const paths = createTestModel(model).getSimplePaths();
  for (const path of paths) {
    test(path.description, async () => {
      const h = new RootHarness();
      const allocation = { allocationId: "alloc-1", platform: "erc20-holesky-tglm", address: "0xme" };
      const decoration = { properties: [], constraints: [] };
      await path.test({
        events: {
          ALLOCATED: () => h.rest.resolve("allocate", { allocations: [allocation], decoration }),
          NO_ACCOUNT: () => h.rest.resolve("allocate", { allocations: [], decoration }),
          ALLOCATE_FAILED: () => h.rest.reject("allocate", new Error("no allocation")),
          BUILT: () => h.rest.resolve("buildDemand", { properties: {}, constraints: "()" }),
          BUILD_FAILED: () => h.rest.reject("buildDemand", new Error("bad package")),
          SUBSCRIBED: () => h.rest.resolve("subscribe", { subscriptionId: "sub-1" }),
          SUBSCRIBE_FAILED: () => h.rest.reject("subscribe", new Error("market down")),
          EXPIRED: () => h.send({ type: "market.subscriptionExpired" }),
          RESUBSCRIBED: () => h.rest.resolve("subscribe", { subscriptionId: "sub-2" }),
          RESUBSCRIBE_FAILED: () => h.rest.reject("subscribe", new Error("market down")),
          COLLECT_FAILED: () => h.send({ type: "market.collectFailed", reason: "events failed" }),
          INPUT_FAILED: () =>
            h.send({ type: "tasks.inputFailed", error: { name: "TypeError", message: "bad input" } }),
          ALL_DONE: () => h.send({ type: "tasks.inputEnded" }),
          CANCEL: () => h.send({ type: "computation.cancel", reason: "stop" }),
          TIMEOUT: () => h.tick(TIMEOUTS.computationTimeoutMs - h.elapsed),
          RELEASED: () => h.rest.resolve("releaseResources"),
          RELEASE_FAILED: () => h.rest.reject("releaseResources", new Error("410")),
          RELEASE_TIMEOUT: () => h.tick(TIMEOUTS.releaseTimeoutMs),
        },
        states: {
          "*": (state) => {
            const expected = SUT_STATE[state.value as string];
            if (expected) {
              assert.ok(
                h.matches(expected),
                `SUT ${JSON.stringify(h.actor.getSnapshot().value)} is not ${expected}`,
              );
              return;
            }
            const { outcome, started } = state.context;
            assert.equal(h.actor.getSnapshot().status, "done");
            assert.equal(h.output()?.outcome, outcome);
            const log = h.log();
            assert.equal(log.at(-1), "ShutdownFinished");
            assert.equal(log.includes("ComputationStarted"), started);
            assert.equal(log.includes("ComputationFinished"), started);
            const release = h.rest.last("releaseResources").input as {
              subscriptionId?: string;
              allocationIds: string[];
            };
            assert.deepEqual(release.allocationIds, started ? ["alloc-1"] : []);
          },
        },
      });
    });
  }
});

describe("computation: agreements, workers, tasks, payments", () => {
  test("a task runs end to end: batches, results, payment, ordered shutdown", async () => {
    const { h, worker } = await oneWorker();
    assert.deepEqual(h.driver("driver.needTasks")[0], { type: "driver.needTasks", count: 4 });
    assert.deepEqual(h.inputOf("agreement:p1"), {
      proposalId: "p1",
      providerId: "prov-1",
      providerName: "name-prov-1",
      multiActivity: true,
    });
    assert.deepEqual(h.inputOf("payment:agr-1"), {
      agreementId: "agr-1",
      allocationId: "alloc-1",
      budget: "5",
      debitNoteIntervalMs: 1000,
    });
    assert.deepEqual(h.received("agreement:p1"), ["agreement.acquire"]);
    h.send({ type: "worker.taskRequest", workerId: worker });
    assert.deepEqual(h.driver("driver.taskAssigned")[0], {
      type: "driver.taskAssigned",
      workerId: worker,
      taskId: "t1",
    });
    const commands = [{ run: { entry_point: "/bin/echo", args: ["hi"] } }];
    h.send({
      type: "worker.batch",
      workerId: worker,
      batchId: "b1",
      commands,
      stream: true,
      timeoutMs: 5000,
    });
    assert.deepEqual(h.receivedEvents("activity:agr-1").at(-1), {
      type: "batch.run",
      batchId: "b1",
      commands,
      stream: true,
      timeoutMs: 5000,
    });
    const command = commands[0]!;
    for (const event of [
      { kind: "started" as const, index: 0, command },
      { kind: "stdout" as const, index: 0, command, output: "hi\n" },
      { kind: "stderr" as const, index: 0, command, output: "warn\n" },
      { kind: "executed" as const, index: 0, command, success: true, message: null },
    ]) {
      h.send({ type: "batch.commandEvent", activityId: "act-1", batchId: "b1", event });
    }
    const results = [{ index: 0, command, success: true, message: null, stdout: "hi\n", stderr: null }];
    h.report("activity:agr-1", { type: "batch.finished", agreementId: "agr-1", batchId: "b1", results });
    assert.deepEqual(h.driver("driver.batchFinished")[0]?.results, results);
    h.send({ type: "worker.download", workerId: worker, phase: "started", path: "/golem/out" });
    h.send({ type: "worker.download", workerId: worker, phase: "finished", path: "./out" });
    h.send({ type: "worker.batchPosted", workerId: worker, batchId: "b1" });
    h.send({ type: "worker.taskResult", workerId: worker, taskId: "t1", accepted: true, result: "hi" });
    assert.deepEqual(h.logOf("TaskAccepted"), [{ type: "TaskAccepted", taskId: "t1", result: "hi" }]);
    // The second task, accepted without any batch (it still has to be started first).
    h.send({ type: "worker.taskRequest", workerId: worker });
    h.send({ type: "worker.taskResult", workerId: worker, taskId: "t2", accepted: true, result: 2 });
    h.send({
      type: "payment.debitNote",
      agreementId: "agr-1",
      debitNoteId: "dn-1",
      activityId: "act-1",
      amount: "0.1",
    });
    h.send({
      type: "payment.debitNote",
      agreementId: "agr-other",
      debitNoteId: "dn-x",
      activityId: "x",
      amount: "9",
    });
    assert.deepEqual(h.received("payment:agr-1"), ["payment.debitNote"]);
    h.send({ type: "tasks.inputEnded" });
    h.send({ type: "worker.taskRequest", workerId: worker });
    assert.ok(h.matches("live.shuttingDown.stoppingWorkers"));
    assert.deepEqual(h.driver("driver.noMoreTasks"), [{ type: "driver.noMoreTasks", workerId: worker }]);
    assert.deepEqual(h.driver("driver.workerStop"), [{ type: "driver.workerStop", workerId: worker }]);
    h.send({ type: "worker.finished", workerId: worker });
    assert.equal(h.received("activity:agr-1").at(-1), "activity.stop");
    h.end("activity:agr-1", {
      type: "activity.ended",
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "destroyed",
    });
    // Released for reuse, then terminated at once: no worker is left and nothing more will run.
    assert.deepEqual(h.receivedEvents("agreement:p1").slice(-2), [
      { type: "agreement.release", reusable: true },
      {
        type: "agreement.terminate",
        reason: { message: "Successfully finished all work", "golem.requestor.code": "Success" },
      },
    ]);
    assert.ok(h.matches("live.shuttingDown.terminatingAgreements"));
    const reason = { message: "Successfully finished all work", "golem.requestor.code": "Success" };
    h.end("agreement:p1", {
      type: "agreement.ended",
      proposalId: "p1",
      agreementId: "agr-1",
      outcome: "terminated",
      reason,
    });
    assert.ok(h.matches("live.shuttingDown.awaitingInvoices"));
    assert.equal(h.received("payment:agr-1").at(-1), "payment.agreementEnded");
    h.send({ type: "payment.invoice", agreementId: "agr-1", invoiceId: "inv-1", amount: "0.2" });
    assert.equal(h.received("payment:agr-1").at(-1), "payment.invoice");
    h.report("payment:agr-1", {
      type: "payment.invoiceReceived",
      agreementId: "agr-1",
      invoiceId: "inv-1",
      amount: "0.2",
    });
    h.end("payment:agr-1", {
      type: "payment.invoiceAccepted",
      agreementId: "agr-1",
      invoiceId: "inv-1",
      amount: "0.2",
    });
    assert.ok(h.matches("live.shuttingDown.releasing"));
    assert.deepEqual(h.rest.pending("releaseResources").input, {
      subscriptionId: "sub-1",
      allocationIds: ["alloc-1"],
    });
    await h.rest.resolve("releaseResources");
    assert.deepEqual(h.output(), {
      outcome: "finished",
      tasksAccepted: 2,
      tasksFailed: 0,
      spent: "0.2",
      unpaidAgreements: [],
    });
    assert.deepEqual(h.log(), [
      "ComputationStarted",
      "SubscriptionCreated",
      "ProposalConfirmed",
      "AgreementCreated",
      "AgreementConfirmed",
      "WorkerStarted",
      "ActivityCreated",
      "TaskStarted",
      "ScriptSent",
      "CommandStarted",
      "CommandStdOut",
      "CommandStdErr",
      "CommandExecuted",
      "GettingResults",
      "DownloadStarted",
      "DownloadFinished",
      "ScriptFinished",
      "PaymentPrepared",
      "PaymentQueued",
      "TaskAccepted",
      "TaskAccepted",
      "DebitNoteReceived",
      "WorkerFinished",
      "ComputationFinished",
      "AgreementTerminated",
      "InvoiceReceived",
      "PaymentAccepted",
      "ShutdownFinished",
    ]);
  });

  test("market reports become the log's proposal events; the warning repeats until a draft comes", async () => {
    const h = new RootHarness();
    await h.prepare();
    h.send({ type: "market.proposalsReceived", proposals: [{ proposalId: "o1", providerId: "prov-1" }] });
    h.send({ type: "market.proposalResponded", proposalId: "o1" });
    h.send({ type: "market.proposalsReceived", proposals: [{ proposalId: "o2", providerId: "prov-2" }] });
    h.send({ type: "market.offerRejected", proposalId: "o2", reason: "Score too low", rejection: null });
    h.send({ type: "market.proposalsReceived", proposals: [{ proposalId: "o3", providerId: "prov-3" }] });
    h.send({
      type: "market.proposalFailed",
      proposalId: "o3",
      error: { name: "TypeError", message: "bad offer" },
    });
    h.tick(TIMEOUTS.noProposalsWarningMs);
    h.tick(TIMEOUTS.noProposalsWarningMs);
    assert.deepEqual(h.logOf("NoProposalsConfirmed"), [
      { type: "NoProposalsConfirmed", numOffers: 3, timeout: 20_000 },
      { type: "NoProposalsConfirmed", numOffers: 3, timeout: 20_000 },
    ]);
    h.draft("p1", "prov-1");
    h.tick(TIMEOUTS.noProposalsWarningMs);
    assert.equal(h.logOf("NoProposalsConfirmed").length, 2);
    assert.ok(h.matches("live.working.running.proposals.confirmed"));
    assert.deepEqual(h.logOf("ProposalRejected")[0], {
      type: "ProposalRejected",
      propId: "o2",
      reason: "Score too low",
      rejection: null,
    });
    assert.equal(h.logOf("ProposalFailed")[0]?.excInfo?.name, "TypeError");
    // No task yet: the draft waits, no agreement is made for nothing.
    assert.equal(h.has("agreement:p1"), false);
  });

  test("at most maxWorkers agreements, one per provider, from the best drafts", async () => {
    const h = new RootHarness({ input: { maxWorkers: 2 } });
    await h.prepare();
    h.draft("p1", "prov-1", { score: 1 });
    h.draft("p2", "prov-2", { score: 3 });
    h.draft("p2b", "prov-2", { score: 5 });
    h.draft("p3", "prov-3", { score: 2 });
    h.addTasks("t1", "t2", "t3", "t4", "t5");
    assert.deepEqual(
      [h.has("agreement:p2b"), h.has("agreement:p3"), h.has("agreement:p1"), h.has("agreement:p2")],
      [true, true, false, false],
    );
    // A rejected agreement makes room for the next best draft.
    h.report("agreement:p3", { type: "agreement.created", proposalId: "p3", agreementId: "agr-3" });
    h.report("agreement:p3", { type: "agreement.rejected", proposalId: "p3", agreementId: "agr-3" });
    h.end("agreement:p3", {
      type: "agreement.ended",
      proposalId: "p3",
      agreementId: "agr-3",
      outcome: "rejected",
    });
    assert.ok(h.has("agreement:p1"));
    assert.deepEqual(h.log().slice(-2), ["AgreementCreated", "AgreementRejected"]);
    assert.ok(h.log().includes("AgreementRejected"));
    assert.equal(
      h.log().includes("AgreementTerminated"),
      false,
      "a rejected agreement is not reported terminated",
    );
  });
});
