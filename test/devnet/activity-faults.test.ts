// Faults a provider injects into activities: failing commands, exe-unit crashes, and
// flaky HTTP on exec and results.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type ActivityHarness, activityHarness, call, type ExeResult } from "./helpers.js";

const API = "/activity-api/v1";

describe("activity faults", () => {
  let h: ActivityHarness;
  before(async () => {
    h = await activityHarness({
      seed: "activity-faults",
      providers: [
        { name: "failing", faults: { commandFailureRate: 1 } },
        { name: "crashing", faults: { crashRate: 1 } },
        { name: "flaky", faults: { httpErrorRate: 1 } },
        { name: "slow", faults: { httpErrorRate: 1, httpErrorStatus: 408 } },
      ],
    });
  });
  after(() => h.close());

  test("commandFailureRate: run commands fail with exit code 1 and say so on stderr", async () => {
    const id = await h.createActivity(h.agreement(0).agreementId);
    const { results } = await h.runBatch(id, [
      { deploy: {} },
      { start: {} },
      {
        run: {
          entry_point: "/bin/echo",
          args: ["hi"],
          capture: { stdout: { atEnd: {} }, stderr: { atEnd: {} } },
        },
      },
    ]);
    assert.deepEqual(
      results.map((r) => r.result),
      ["Ok", "Ok", "Error"],
    );
    assert.equal(results[2]!.message, "ExeScript command exited with code 1");
    assert.equal(results[2]!.stdout, null);
    assert.match(results[2]!.stderr as string, /injected command failure/);
  });

  test("crashRate: the exe-unit dies during the batch and the activity is Terminated", async () => {
    const agreement = h.agreement(1);
    const id = await h.createActivity(agreement.agreementId);
    const ended = new Promise<string>((resolve) =>
      h.ctx.bus.once("activity.ended", ({ activityId }) => resolve(activityId)),
    );
    const exec = await call<string>(h, "POST", `${API}/activity/${id}/exec`, {
      text: JSON.stringify([{ deploy: {} }, { start: {} }, { run: { entry_point: "/bin/true" } }]),
    });
    assert.equal(exec.status, 200);
    const results = await call<{ message: string }>(
      h,
      "GET",
      `${API}/activity/${id}/exec/${exec.body}?timeout=10`,
    );
    assert.equal(results.status, 500);
    assert.match(results.body.message, /GSB error.*endpoint address not found/);
    assert.equal(await ended, id);
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Terminated", null],
      reason: "Exe-unit crashed",
      errorMessage: "ExeUnit process exited unexpectedly (devnet fault: crashRate)",
    });
    assert.equal((await call(h, "POST", `${API}/activity/${id}/exec`, { text: "[]" })).status, 500);
    assert.ok(!existsSync(join(h.ctx.dataDir, "activities", id)));
    assert.equal(h.activity.isLive(id), false);
  });

  test("httpErrorRate: exec and results calls fail like an unreachable provider", async () => {
    const flaky = await h.createActivity(h.agreement(2).agreementId);
    const exec = await call<{ message: string }>(h, "POST", `${API}/activity/${flaky}/exec`, { text: "[]" });
    assert.equal(exec.status, 500);
    assert.match(exec.body.message, /GSB error: .*endpoint address not found/);
    const results = await call(h, "GET", `${API}/activity/${flaky}/exec/${"c".repeat(32)}`);
    assert.equal(results.status, 500);
    const state = await call<{ state: string[] }>(h, "GET", `${API}/activity/${flaky}/state`);
    assert.deepEqual(state.body, { state: ["Initialized", null] }, "state queries are not affected");

    const slow = await h.createActivity(h.agreement(3).agreementId);
    const timeout = await call<ExeResult[]>(h, "POST", `${API}/activity/${slow}/exec`, { text: "[]" });
    assert.deepEqual(
      { status: timeout.status, body: timeout.body },
      { status: 408, body: { message: "Timeout" } },
    );
  });
});
