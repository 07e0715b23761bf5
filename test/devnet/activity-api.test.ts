// The activity API's lifecycle endpoints over HTTP: create (both forms), list,
// agreement, state, usage, destroy, and what happens when the agreement ends.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type ActivityHarness, activityHarness, call } from "./helpers.js";

const API = "/activity-api/v1";

describe("activity lifecycle", () => {
  let h: ActivityHarness;
  before(async () => {
    h = await activityHarness({ seed: "activity-api" });
  });
  after(() => h.close());

  test("create with a bare agreement id answers a bare activity id", async () => {
    const agreement = h.agreement();
    const res = await call<string>(h, "POST", `${API}/activity?timeout=5`, agreement.agreementId);
    assert.equal(res.status, 200);
    assert.match(res.type, /application\/json/);
    assert.match(res.body, /^[0-9a-f]{32}$/);
  });

  test("create with {agreementId} answers {activityId}; the activity starts Initialized", async () => {
    const agreement = h.agreement();
    const created: string[] = [];
    const onCreated = ({ activityId }: { activityId: string }) => created.push(activityId);
    h.ctx.bus.on("activity.created", onCreated);
    const res = await call<{ activityId: string }>(h, "POST", `${API}/activity`, {
      agreementId: agreement.agreementId,
    });
    h.ctx.bus.off("activity.created", onCreated);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ["activityId"]);
    const id = res.body.activityId;
    assert.deepEqual(created, [id]);
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Initialized", null],
    });
    assert.deepEqual(await call(h, "GET", `${API}/activity/${id}/agreement`), {
      status: 200,
      body: agreement.agreementId,
      type: "application/json",
    });
    assert.deepEqual((await call(h, "GET", `${API}/activity?agreementId=${agreement.agreementId}`)).body, [
      id,
    ]);
    assert.ok(h.activity.isLive(id));
    assert.deepEqual(h.activity.activitiesOf(agreement.agreementId), [id]);
    assert.ok(existsSync(join(h.ctx.dataDir, "activities", id, "golem", "work")), "the sandbox exists");
  });

  test("create refuses unknown, foreign and unapproved agreements and bad bodies", async () => {
    const unknown = "a".repeat(64);
    const missing = await call<{ message: string }>(h, "POST", `${API}/activity`, { agreementId: unknown });
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, new RegExp(unknown));

    const foreign = h.agreement();
    foreign.requestorId = `0x${"9".repeat(40)}`;
    assert.equal(
      (await call(h, "POST", `${API}/activity`, { agreementId: foreign.agreementId })).status,
      403,
    );

    const ended = h.agreement();
    h.ctx.market.terminateByRequestor(ended.agreementId);
    const notApproved = await call<{ message: string }>(h, "POST", `${API}/activity`, ended.agreementId);
    assert.equal(notApproved.status, 400);
    assert.equal(
      notApproved.body.message,
      `Bad request: Agreement ${ended.agreementId} is not Approved. Current state: Terminated`,
    );

    for (const body of [42, { agreement: "x" }, ["x"], null]) {
      const res = await call<{ message: string }>(h, "POST", `${API}/activity`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.message, /agreementId/);
    }
    const badKey = await call<{ message: string }>(h, "POST", `${API}/activity`, {
      agreementId: h.agreement().agreementId,
      requestorPubKey: "zz",
    });
    assert.equal(badKey.status, 400);
    assert.match(badKey.body.message, /Invalid requestor pub key/);
    assert.equal(
      (await call(h, "POST", `${API}/activity?timeout=soon`, h.agreement().agreementId)).status,
      400,
    );
  });

  test("a single-activity agreement refuses a second activity with 400", async () => {
    const agreement = h.agreement(1);
    const first = await h.createActivity(agreement.agreementId);
    const second = await call<{ message: string }>(h, "POST", `${API}/activity`, {
      agreementId: agreement.agreementId,
    });
    assert.equal(second.status, 400);
    assert.match(second.body.message, /allows a single activity/);
    await call(h, "DELETE", `${API}/activity/${first}`);
    assert.equal(
      (await call(h, "POST", `${API}/activity`, { agreementId: agreement.agreementId })).status,
      400,
    );
    const multi = h.agreement(1, { "golem.srv.caps.multi-activity": true });
    await h.createActivity(multi.agreementId);
    await h.createActivity(multi.agreementId);
    assert.equal(h.activity.activitiesOf(multi.agreementId).length, 2);
  });

  test("usage is [cpu_sec, duration_sec] with a Unix-seconds timestamp, and grows", async () => {
    const id = await h.createActivity();
    const first = await call<{ currentUsage: number[]; timestamp: number }>(
      h,
      "GET",
      `${API}/activity/${id}/usage`,
    );
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body), ["currentUsage", "timestamp"]);
    assert.equal(first.body.currentUsage.length, 2);
    assert.ok(Number.isInteger(first.body.timestamp));
    assert.ok(Math.abs(first.body.timestamp - Date.now() / 1000) < 5);
    await h.runBatch(id, [
      { deploy: {} },
      { start: {} },
      { run: { entry_point: "/bin/sh", args: ["-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"] } },
    ]);
    const second = await call<{ currentUsage: number[] }>(h, "GET", `${API}/activity/${id}/usage`);
    const [cpu1, duration1] = first.body.currentUsage as [number, number];
    const [cpu2, duration2] = second.body.currentUsage as [number, number];
    assert.ok(cpu2 > cpu1, `cpu_sec grew: ${cpu1} -> ${cpu2}`);
    assert.ok(duration2 > duration1, `duration_sec grew: ${duration1} -> ${duration2}`);
    assert.deepEqual(h.activity.usage(id)?.length, 2);
  });

  test("destroy answers 200 null, freezes state and usage, removes the sandbox, tells the bus", async () => {
    const agreement = h.agreement();
    const id = await h.createActivity(agreement.agreementId);
    const ended: { activityId: string; usage: number[] }[] = [];
    const onEnded = (e: { activityId: string; usage: number[] }) => ended.push(e);
    h.ctx.bus.on("activity.ended", onEnded);
    const res = await call(h, "DELETE", `${API}/activity/${id}?timeout=5`);
    h.ctx.bus.off("activity.ended", onEnded);
    assert.deepEqual(res, { status: 200, body: null, type: "application/json" });
    assert.equal(ended.length, 1);
    assert.equal(ended[0]!.activityId, id);
    assert.equal(ended[0]!.usage.length, 2);
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Terminated", null],
    });
    const usage = await call<{ currentUsage: number[] }>(h, "GET", `${API}/activity/${id}/usage`);
    assert.deepEqual(usage.body.currentUsage, ended[0]!.usage);
    assert.equal(h.activity.isLive(id), false);
    assert.ok(!existsSync(join(h.ctx.dataDir, "activities", id)), "the sandbox is gone");
    const exec = await call<{ message: string }>(h, "POST", `${API}/activity/${id}/exec`, { text: "[]" });
    assert.equal(exec.status, 500);
    assert.match(exec.body.message, /GSB error.*endpoint address not found/);
    assert.equal((await call(h, "GET", `${API}/activity/${id}/command`)).status, 500);
    assert.deepEqual(
      (await call(h, "DELETE", `${API}/activity/${id}`)).body,
      null,
      "destroying twice is fine",
    );
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/agreement`)).body, agreement.agreementId);
  });

  test("unknown activities are 404 on every endpoint", async () => {
    const id = "0".repeat(32);
    for (const [method, path] of [
      ["GET", "state"],
      ["GET", "usage"],
      ["GET", "command"],
      ["GET", "agreement"],
      ["GET", `exec/${"1".repeat(32)}`],
      ["POST", "exec"],
    ] as const) {
      const res = await call<{ message: string }>(
        h,
        method,
        `${API}/activity/${id}/${path}`,
        method === "POST" ? { text: "[]" } : undefined,
      );
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.message, `Not found: activity_id = ${id}`);
    }
    assert.equal((await call(h, "DELETE", `${API}/activity/${id}`)).status, 404);
  });

  test("terminating the agreement kills its activities with a reason", async () => {
    const agreement = h.agreement();
    const id = await h.createActivity(agreement.agreementId);
    await h.runBatch(id, [{ deploy: {} }, { start: {} }]);
    const exec = await call<string>(h, "POST", `${API}/activity/${id}/exec`, {
      text: JSON.stringify([{ run: { entry_point: "/bin/sleep", args: ["30"] } }]),
    });
    const running = await call(h, "GET", `${API}/activity/${id}/exec/${exec.body}?timeout=0.3`);
    assert.deepEqual(running.body, [], "the sleep is still running");
    const ended = new Promise<number[]>((resolve) => {
      h.ctx.bus.once("activity.ended", ({ usage }) => resolve(usage));
    });
    h.ctx.market.terminateByProvider(agreement.agreementId, {
      message: "Requestor isn't accepting DebitNotes in time (8s)",
    });
    assert.equal((await ended).length, 2);
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Terminated", null],
      reason: "Agreement terminated by Provider",
      errorMessage: "Requestor isn't accepting DebitNotes in time (8s)",
    });
    const results = await call<{ message: string }>(h, "GET", `${API}/activity/${id}/exec/${exec.body}`);
    assert.equal(results.status, 500);
    assert.match(results.body.message, /GSB error/);
    assert.equal((await call(h, "POST", `${API}/activity/${id}/exec`, { text: "[]" })).status, 500);
  });
});
