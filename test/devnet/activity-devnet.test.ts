// The activity API inside a whole devnet: an agreement negotiated over the market API,
// the built-in image deployed, a command run, and the agreement's end killing it.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { approvedAgreement, call, type ExeResult } from "./helpers.js";

const API = "/activity-api/v1";

describe("activities in a running devnet", () => {
  let devnet: Devnet;
  let store: string;
  let taskPackage: string;
  before(async () => {
    store = mkdtempSync(join(tmpdir(), "yatsapi-activity-store-"));
    process.env.YATSAPI_IMAGE_STORE = store;
    devnet = await startDevnet({ port: 0, seed: "activity-devnet", providerCount: 2 });
    const info = (await (await fetch(`${devnet.url}/v1/image/info?tag=golem/alpine:latest`)).json()) as {
      sha3: string;
      http: string;
    };
    taskPackage = `hash:sha3:${info.sha3}:${info.http}`;
  });
  after(async () => {
    await devnet.stop();
    rmSync(store, { recursive: true, force: true });
  });

  /** A demand that deploys the built-in image and expires within the providers' 30 min limit. */
  const demand = () => ({
    "golem.srv.comp.task_package": taskPackage,
    "golem.srv.comp.expiration": Date.now() + 20 * 60_000,
  });

  async function poll(activityId: string, batchId: string): Promise<ExeResult[]> {
    for (;;) {
      const { status, body } = await call<ExeResult[]>(
        devnet,
        "GET",
        `${API}/activity/${activityId}/exec/${batchId}?timeout=5`,
      );
      assert.equal(status, 200, JSON.stringify(body));
      if (body.some((r) => r.isBatchFinished)) return body;
    }
  }

  test("deploy the built-in image, run a command, destroy", async () => {
    const { agreementId } = await approvedAgreement(devnet, { props: demand() });
    const created = await call<{ activityId: string }>(devnet, "POST", `${API}/activity?timeout=5`, {
      agreementId,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.activityId;
    const exec = await call<string>(devnet, "POST", `${API}/activity/${id}/exec`, {
      text: JSON.stringify([
        { deploy: {} },
        { start: {} },
        {
          run: {
            entry_point: "/bin/sh",
            args: [
              "-c",
              "head -n 1 /app/README; echo done > /golem/output/result.txt; cat /golem/output/result.txt",
            ],
            capture: { stdout: { atEnd: { format: "string" } }, stderr: { atEnd: { format: "string" } } },
          },
        },
      ]),
    });
    const results = await poll(id, exec.body);
    assert.deepEqual(
      results.map((r) => r.result),
      ["Ok", "Ok", "Ok"],
      JSON.stringify(results),
    );
    assert.equal(results[2]!.stdout, "golem/alpine:latest: a built-in image of the yatsapi devnet.\ndone\n");
    assert.deepEqual((await call(devnet, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Ready", null],
    });
    const sandbox = join(devnet.context.dataDir, "activities", id);
    assert.ok(existsSync(sandbox));
    assert.deepEqual((await call(devnet, "DELETE", `${API}/activity/${id}?timeout=30`)).body, null);
    assert.ok(!existsSync(sandbox));
    assert.deepEqual(devnet.context.activity.activitiesOf(agreementId), [id]);
  });

  test("terminating the agreement over the market API kills its activity", async () => {
    const { agreementId } = await approvedAgreement(devnet, {
      props: demand(),
      providerId: devnet.providers[1]!.id,
    });
    const id = (await call<{ activityId: string }>(devnet, "POST", `${API}/activity`, { agreementId })).body
      .activityId;
    const terminated = await call(devnet, "POST", `/market-api/v1/agreements/${agreementId}/terminate`, {
      message: "Finished",
    });
    assert.equal(terminated.status, 200, JSON.stringify(terminated.body));
    const state = await call<{ state: unknown[]; reason?: string }>(
      devnet,
      "GET",
      `${API}/activity/${id}/state`,
    );
    assert.deepEqual(state.body.state, ["Terminated", null]);
    assert.equal(state.body.reason, "Agreement terminated by Requestor");
    assert.equal(devnet.context.activity.isLive(id), false);
    const exec = await call<{ message: string }>(devnet, "POST", `${API}/activity/${id}/exec`, {
      text: "[]",
    });
    assert.equal(exec.status, 500);
  });
});
