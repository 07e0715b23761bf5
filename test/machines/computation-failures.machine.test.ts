// The root machine when things go wrong, driven through puppets (see computation-harness.ts):
// tasks rejected, retried and given up; workers that fail; providers that end agreements;
// activities that die or never start; payments that fail; a shutdown whose workers,
// agreements and invoices do not end by themselves; feeds that break.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { oneWorker, RootHarness, TIMEOUTS } from "./computation-harness.js";

describe("computation: failures of workers, tasks and providers", () => {
  test("a rejected task goes to another provider; a failing worker counts as a retry; retries run out", async () => {
    const h = new RootHarness({ input: { maxRetries: 1 } });
    h.addTasks("t1");
    await h.prepare();
    h.draft("p1", "prov-1");
    h.approve("p1", "agr-1");
    h.ready("agr-1", "act-1");
    const w1 = h.workerOn("agr-1");
    h.send({ type: "worker.taskRequest", workerId: w1 });
    h.send({ type: "worker.batch", workerId: w1, batchId: "b1", commands: [], stream: false });
    h.report("activity:agr-1", {
      type: "batch.failed",
      agreementId: "agr-1",
      batchId: "b1",
      error: { name: "CommandExecutionError", message: "exit 1" },
    });
    assert.equal(h.driver("driver.batchFailed")[0]?.error.name, "CommandExecutionError");
    h.send({
      type: "worker.taskResult",
      workerId: w1,
      taskId: "t1",
      accepted: false,
      reason: "bad output",
      retry: true,
    });
    assert.deepEqual(h.logOf("TaskRejected"), [{ type: "TaskRejected", taskId: "t1", reason: "bad output" }]);
    // Back in the queue, but not for the provider it failed on while another one comes.
    h.addTasks("t2");
    h.draft("p2", "prov-2");
    h.send({ type: "worker.taskRequest", workerId: w1 });
    assert.deepEqual(h.driver("driver.taskAssigned").at(-1), {
      type: "driver.taskAssigned",
      workerId: w1,
      taskId: "t2",
    });
    h.approve("p2", "agr-2");
    h.ready("agr-2", "act-2");
    const w2 = h.workerOn("agr-2");
    h.send({ type: "worker.taskRequest", workerId: w2 });
    assert.deepEqual(h.driver("driver.taskAssigned").at(-1), {
      type: "driver.taskAssigned",
      workerId: w2,
      taskId: "t1",
    });
    // The second worker throws while running t1: its second failure, more than maxRetries allow.
    h.send({ type: "worker.batch", workerId: w2, batchId: "b2", commands: [], stream: false });
    h.send({ type: "worker.failed", workerId: w2, error: { name: "Error", message: "worker broke" } });
    assert.deepEqual(h.driver("driver.taskEnded"), [
      { type: "driver.taskEnded", taskId: "t1", outcome: "failed", reason: "worker broke" },
    ]);
    h.end("activity:agr-2", {
      type: "activity.ended",
      agreementId: "agr-2",
      activityId: "act-2",
      outcome: "destroyed",
    });
    assert.equal(h.logOf("WorkerFinished")[0]?.excInfo?.message, "worker broke");
    assert.deepEqual(h.receivedEvents("agreement:p2").at(-1), { type: "agreement.release", reusable: false });
    // A batch from a worker that is gone is answered at once.
    h.send({ type: "worker.batch", workerId: w2, batchId: "b3", commands: [], stream: false });
    assert.equal(h.driver("driver.batchFailed").at(-1)?.error.name, "WorkerStoppedError");
    h.send({ type: "worker.taskRequest", workerId: w2 });
    assert.deepEqual(h.driver("driver.noMoreTasks").at(-1), { type: "driver.noMoreTasks", workerId: w2 });
    h.send({ type: "worker.taskResult", workerId: w1, taskId: "t2", accepted: true, result: null });
    h.send({ type: "tasks.inputEnded" });
    assert.ok(h.matches("live.shuttingDown"));
    assert.equal(h.output(), undefined);
    assert.deepEqual(
      {
        accepted: h.actor.getSnapshot().context.tasksAccepted,
        failed: h.actor.getSnapshot().context.tasksFailed,
      },
      { accepted: 1, failed: 1 },
    );
  });

  test("a provider ends an agreement in use: the worker stops, its task goes back", async () => {
    const { h, worker } = await oneWorker();
    h.send({ type: "worker.taskRequest", workerId: worker });
    h.send({ type: "agreement.providerTerminated", agreementId: "agr-1", reason: { message: "bye" } });
    assert.deepEqual(h.receivedEvents("agreement:p1").at(-1), {
      type: "agreement.providerTerminated",
      reason: { message: "bye" },
    });
    h.send({
      type: "agreement.providerTerminated",
      agreementId: "agr-unknown",
      reason: { message: "not ours" },
    });
    h.end("agreement:p1", {
      type: "agreement.ended",
      proposalId: "p1",
      agreementId: "agr-1",
      outcome: "terminatedByProvider",
      reason: { message: "bye" },
    });
    assert.deepEqual(h.logOf("AgreementTerminated"), [
      { type: "AgreementTerminated", agrId: "agr-1", reason: { message: "bye" } },
    ]);
    const stop = h.driver("driver.workerStop")[0];
    assert.equal(stop?.workerId, worker);
    assert.equal(stop?.error?.name, "AgreementEndedError");
    assert.equal(h.received("activity:agr-1").at(-1), "activity.stop");
    assert.equal(h.received("payment:agr-1").at(-1), "payment.agreementEnded");
    // t1 was only assigned: it is queued again, uncounted.
    assert.deepEqual(h.actor.getSnapshot().context.queue, ["t2", "t1"]);
    h.end("activity:agr-1", {
      type: "activity.ended",
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "destroyed",
    });
    assert.equal(h.logOf("WorkerFinished")[0]?.excInfo?.name, "AgreementEndedError");
  });

  test("an activity that dies under a batch, and one that cannot be created", async () => {
    const h = new RootHarness({ input: { maxWorkers: 2 } });
    h.addTasks("t1", "t2", "t3");
    await h.prepare();
    h.draft("p1", "prov-1");
    h.draft("p2", "prov-2");
    h.approve("p1", "agr-1");
    h.approve("p2", "agr-2");
    h.ready("agr-1", "act-1");
    const w1 = h.workerOn("agr-1");
    h.send({ type: "worker.taskRequest", workerId: w1 });
    h.send({ type: "worker.batch", workerId: w1, batchId: "b1", commands: [], stream: false });
    const crash = { message: "Exe-unit crashed", error: "ActivityTerminatedError" };
    h.end("activity:agr-1", {
      type: "activity.ended",
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "failed",
      reason: crash,
    });
    assert.deepEqual(h.driver("driver.workerStop")[0], {
      type: "driver.workerStop",
      workerId: w1,
      error: { name: "ActivityTerminatedError", message: "Exe-unit crashed" },
    });
    assert.equal(h.logOf("WorkerFinished")[0]?.excInfo?.name, "ActivityTerminatedError");
    assert.deepEqual(h.receivedEvents("agreement:p1").at(-1), { type: "agreement.release", reusable: false });
    assert.ok(h.actor.getSnapshot().context.queue.includes("t1"), "the running task is queued again");
    h.end("activity:agr-2", {
      type: "activity.ended",
      agreementId: "agr-2",
      outcome: "failed",
      reason: { message: "no exe-unit" },
    });
    assert.deepEqual(h.logOf("ActivityCreateFailed")[0]?.excInfo?.message, "no exe-unit");
  });

  test("a worker that ends well leaves a multi-activity agreement for the next worker", async () => {
    const { h, worker } = await oneWorker();
    h.send({ type: "worker.finished", workerId: worker });
    h.end("activity:agr-1", {
      type: "activity.ended",
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "destroyed",
    });
    assert.deepEqual(h.received("agreement:p1"), [
      "agreement.acquire",
      "agreement.release",
      "agreement.acquire",
    ]);
    assert.ok(h.has("activity:agr-1"), "a new activity on the same agreement");
    assert.equal(h.logOf("WorkerStarted").length, 2);
  });

  test("payments: a failed acceptance is reported and counts as settled but unpaid", async () => {
    const { h } = await oneWorker();
    h.end("payment:agr-1", { type: "payment.failed", agreementId: "agr-1", reason: "over budget" });
    assert.deepEqual(h.logOf("PaymentFailed")[0]?.excInfo, {
      name: "PaymentError",
      message: "over budget",
      stack: null,
      code: null,
    });
    h.send({ type: "payment.invoice", agreementId: "agr-1", invoiceId: "inv-1", amount: "1" });
    assert.equal(h.has("payment:agr-1"), false, "an ended payment gets nothing more");
    h.send({ type: "computation.cancel" });
    h.send({ type: "worker.finished", workerId: h.workerOn("agr-1") });
    h.end("activity:agr-1", {
      type: "activity.ended",
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "destroyed",
    });
    h.end("agreement:p1", {
      type: "agreement.ended",
      proposalId: "p1",
      agreementId: "agr-1",
      outcome: "terminated",
    });
    await h.rest.resolve("releaseResources");
    assert.equal(h.output()?.outcome, "cancelled");
    assert.deepEqual(h.output()?.unpaidAgreements, ["agr-1"]);
    assert.equal(h.output()?.error?.name, "CancelledError");
  });
});

describe("computation: budget", () => {
  test("a new agreement's payment may accept only what the paid invoices left of the budget", async () => {
    const { h } = await oneWorker({ input: { maxWorkers: 2 } });
    h.end("payment:agr-1", {
      type: "payment.invoiceAccepted",
      agreementId: "agr-1",
      invoiceId: "i1",
      amount: "1.25",
    });
    h.draft("p2", "prov-2", { platform: "unknown-platform", debitNoteIntervalSec: null });
    h.approve("p2", "agr-2");
    assert.deepEqual(h.inputOf("payment:agr-2"), {
      agreementId: "agr-2",
      allocationId: "alloc-1",
      budget: "3.75",
    });
  });
});

describe("computation: shutdown when things do not end by themselves", () => {
  test("workers, agreements and invoices that do not come are given up on after their delays", async () => {
    const h = new RootHarness({ input: { maxWorkers: 3 } });
    h.addTasks("t1", "t2", "t3", "t4");
    await h.prepare();
    h.draft("p1", "prov-1");
    h.draft("p2", "prov-2");
    h.draft("p3", "prov-3");
    h.approve("p1", "agr-1");
    h.approve("p2", "agr-2");
    h.ready("agr-1", "act-1");
    const w1 = h.workerOn("agr-1");
    h.send({ type: "worker.taskRequest", workerId: w1 });
    h.send({ type: "worker.batch", workerId: w1, batchId: "b1", commands: [], stream: false });
    h.send({ type: "worker.taskRequest", workerId: w1 });
    h.send({ type: "computation.cancel", reason: "user stop" });
    assert.ok(h.matches("live.shuttingDown.stoppingWorkers"));
    // Queued, assigned and running tasks are all cancelled.
    assert.deepEqual(
      h.driver("driver.taskEnded").map((e) => e.outcome),
      ["failed", "failed", "failed", "failed"],
    );
    // The ready worker is asked to stop; the starting one has its activity stopped at once.
    assert.deepEqual(
      h.driver("driver.workerStop").map((e) => e.workerId),
      [w1, "worker-1"],
    );
    assert.equal(h.received("activity:agr-2").at(-1), "activity.stop");
    // An activity that becomes ready now is stopped; a task request gets nothing.
    h.report("activity:agr-2", { type: "activity.ready", agreementId: "agr-2", activityId: "act-2" });
    h.send({ type: "worker.taskRequest", workerId: w1 });
    assert.deepEqual(h.driver("driver.noMoreTasks").at(-1), { type: "driver.noMoreTasks", workerId: w1 });
    h.tick(TIMEOUTS.workerStopTimeoutMs);
    assert.ok(h.matches("live.shuttingDown.terminatingAgreements"));
    assert.equal(h.received("activity:agr-1").at(-1), "activity.stop");
    for (const p of ["p1", "p2", "p3"])
      assert.equal(h.received(`agreement:${p}`).at(-1), "agreement.terminate");
    // One agreement ends; an activity ends late (the work changes while terminating).
    h.end("agreement:p3", { type: "agreement.ended", proposalId: "p3", outcome: "terminated" });
    h.end("activity:agr-1", {
      type: "activity.ended",
      agreementId: "agr-1",
      activityId: "act-1",
      outcome: "destroyed",
    });
    h.tick(TIMEOUTS.agreementTerminateTimeoutMs);
    assert.ok(h.matches("live.shuttingDown.awaitingInvoices"));
    for (const agr of ["agr-1", "agr-2"])
      assert.equal(h.received(`payment:${agr}`).at(-1), "payment.agreementEnded");
    h.end("payment:agr-1", {
      type: "payment.invoiceAccepted",
      agreementId: "agr-1",
      invoiceId: "i1",
      amount: "0.5",
    });
    h.tick(TIMEOUTS.invoiceWaitTimeoutMs);
    assert.ok(h.matches("live.shuttingDown.releasing"));
    h.send({ type: "tasks.inputEnded" });
    await h.rest.resolve("releaseResources");
    assert.deepEqual(h.output(), {
      outcome: "cancelled",
      error: { name: "CancelledError", message: "user stop" },
      tasksAccepted: 0,
      tasksFailed: 4,
      spent: "0.5",
      unpaidAgreements: ["agr-2"],
    });
    assert.equal(h.log().at(-1), "ShutdownFinished");
  });
});

describe("computation: feeds that fail", () => {
  test("the offer feed failing fails the computation with CollectFailed", async () => {
    const h = new RootHarness({ failing: ["offerFeed"] });
    await h.prepare();
    assert.ok(h.matches("live.shuttingDown"));
    assert.equal(h.logOf("CollectFailed")[0]?.reason, "offerFeed broke");
    await h.rest.resolve("releaseResources");
    assert.equal(h.output()?.outcome, "failed");
  });

  test("the agreement-events feed failing only stops that feed", async () => {
    const h = new RootHarness({ failing: ["agreementEventsFeed"] });
    await h.prepare();
    assert.ok(h.matches("live.working.running.agreementEvents.stopped"));
    assert.ok(h.matches("live.working.running.market.collecting"));
  });

  test("the payment-events feed failing fails the computation (invoices could not be paid)", async () => {
    const h = new RootHarness({ failing: ["paymentEventsFeed"] });
    assert.ok(h.matches("live.shuttingDown"));
    await h.rest.resolve("releaseResources");
    assert.equal(h.output()?.error?.message, "paymentEventsFeed broke");
  });
});
