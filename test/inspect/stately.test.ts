// `inspect: "stately"`: @statelyai/inspect's WebSocket adapter streams to our relay on
// 127.0.0.1 (never its own all-interfaces server, never the cloud), the bridge page is
// served locally, and what reaches a bridge page is sanitised: no app key anywhere.
// Nothing here reaches the internet (the bridge page is fetched, not rendered).
import assert from "node:assert/strict";
import { test } from "node:test";
import { WebSocket } from "ws";
import { createActor, waitFor } from "xstate";
import { Inspector } from "../../src/inspect/inspector.js";
import { attachStately } from "../../src/inspect/stately.js";
import { APP_KEY, parentMachine } from "./machines.js";
import { rawRequest, viewerFolder } from "./relay-helpers.js";

test("the Stately adapter's events reach a bridge page through our relay, sanitised", async () => {
  const inspector = new Inspector({
    port: 0,
    secrets: [APP_KEY],
    root: viewerFolder(),
    announce: () => undefined,
  });
  const stately = await attachStately(inspector);
  try {
    assert.match(stately.url, /^http:\/\/127\.0\.0\.1:\d+\/stately$/);
    const page = await rawRequest(stately.url.replace(/stately$/, ""), "/stately");
    assert.equal(page.status, 200);
    assert.match(page.body, /<iframe id="stately" src="https:\/\/stately\.ai\/inspect"/);

    const view = new WebSocket(`${stately.url.replace(/^http/, "ws")}/view`);
    const received: string[] = [];
    let rootDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      rootDone = resolve;
    });
    view.on("message", (data) => {
      const text = String(data);
      received.push(text);
      const event = JSON.parse(text) as { type?: string; snapshot?: { status?: string; value?: unknown } };
      if (event.type === "@xstate.snapshot" && event.snapshot?.value === "finished") rootDone();
    });
    await new Promise((resolve) => view.once("open", resolve));

    const actor = createActor(parentMachine, { inspect: stately.inspect }).start();
    await waitFor(actor, (s) => s.matches({ active: "waiting" }));
    actor.send({ type: "APPROVE", note: `token ${APP_KEY}` });
    await done;
    const kinds = new Set(received.map((r) => (JSON.parse(r) as { type: string }).type));
    assert.deepEqual([...kinds].sort(), ["@xstate.actor", "@xstate.event", "@xstate.snapshot"]);
    const bytes = received.join("\n");
    assert.equal(bytes.includes(APP_KEY), false, "the app key reached the bridge");
    assert.ok(bytes.includes('"providerName":"prov-a"'), "contexts are our per-kind projection");
    view.close();
  } finally {
    await stately.stop();
    await inspector.close();
  }
});
