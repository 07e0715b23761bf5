// Under `yatsapi run --inspect` (YATSAPI_INSPECT_HOLD=1) the page stays served after the
// run and after the Executor closes; otherwise the inspector closes with the Executor.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ExecutorInspection } from "../../src/inspect/executor-inspection.js";
import { APP_KEY } from "./machines.js";

test("held for the page: the relay outlives the run and the executor; unheld: it closes", async () => {
  const held = new ExecutorInspection({ port: 0 }, APP_KEY, { YATSAPI_INSPECT_HOLD: "1" });
  assert.equal(typeof (await held.observer()), "function");
  const url = await held.inspector!.ready;
  await held.runEnded();
  await held.close();
  assert.equal((await fetch(`${url}vendor/elk.bundled.js`, { method: "HEAD" })).status, 200, "still served");
  await held.inspector!.close();
  await assert.rejects(fetch(url));

  const plain = new ExecutorInspection(true, APP_KEY, {});
  const plainUrl = await plain.inspector!.ready;
  await plain.runEnded();
  await plain.close();
  await assert.rejects(fetch(plainUrl), "closed with the executor");

  const off = new ExecutorInspection(undefined, APP_KEY, {});
  assert.equal(off.inspector, undefined);
  assert.equal(await off.observer(), undefined, "nothing is attached when inspection is off");
});
