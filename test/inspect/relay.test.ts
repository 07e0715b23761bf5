// The relay: bound to 127.0.0.1, serves the viewer's files (GET/HEAD, content types, 404,
// no traversal, no foreign Host), streams hello + current state + synced to a page that
// attaches late, and never lets a slow or closed page hold the producer up: the slow one
// loses messages, then gets `dropped` and a resync.
import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import type { InspectMessage } from "../../src/inspect/protocol.js";
import { Relay } from "../../src/inspect/relay.js";
import { Page, rawRequest, viewerFolder } from "./relay-helpers.js";

function publish(relay: Relay, message: InspectMessage): void {
  relay.publish(message, JSON.stringify(message));
}

const MACHINE: InspectMessage = {
  t: "machine",
  key: "task@00000000",
  root: { id: "task", key: "task", type: "compound", invoke: [], tags: [], transitions: [], states: [] },
};

describe("relay", () => {
  let relay: Relay;
  before(async () => {
    relay = await Relay.start({ mode: "live", port: 0, root: viewerFolder(), recent: 10 });
  });
  after(() => relay.close());

  test("listens on 127.0.0.1 by default", () => {
    assert.match(relay.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test("serves the viewer's files with content types, HEAD, 404, 405, and nothing outside", async () => {
    const index = await rawRequest(relay.url, "/");
    assert.equal(index.status, 200);
    assert.equal(index.type, "text/html; charset=utf-8");
    assert.match(index.body, /<title>viewer<\/title>/);
    const js = await rawRequest(relay.url, "/app.js");
    assert.equal(js.type, "text/javascript; charset=utf-8");
    const head = await rawRequest(relay.url, "/app.js", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
    const elk = await rawRequest(relay.url, "/vendor/elk.bundled.js", { method: "HEAD" });
    assert.equal(elk.status, 200, "elkjs's bundle is served locally");
    assert.equal((await rawRequest(relay.url, "/nope.js")).status, 404);
    assert.equal((await rawRequest(relay.url, "/app.js", { method: "POST" })).status, 405);
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%5csecret.txt",
      "/a/../../secret.txt",
    ]) {
      const res = await rawRequest(relay.url, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /not for the page/, path);
    }
    assert.equal(
      (await rawRequest(relay.url, "/", { host: "evil.example:80" })).status,
      403,
      "a rebinding Host is refused",
    );
  });

  test("a page that attaches late gets hello, the current state, then synced, then live messages", async () => {
    publish(relay, MACHINE);
    publish(relay, { t: "actor", at: 1, id: "x:0", name: "task:1", kind: "task", machine: "task@00000000" });
    publish(relay, {
      t: "snapshot",
      at: 2,
      id: "x:0",
      status: "active",
      value: "queued",
      active: ["task", "task.queued"],
    });
    publish(relay, {
      t: "snapshot",
      at: 3,
      id: "x:0",
      status: "active",
      value: "running",
      active: ["task", "task.running"],
    });
    publish(relay, { t: "event", at: 3, to: "x:0", type: "task.start" });
    const page = new Page(relay.url);
    await page.next("synced");
    assert.deepEqual(
      page.messages.map((m) => m.t),
      ["hello", "machine", "actor", "snapshot", "event", "synced"],
    );
    assert.equal((page.messages[0] as { mode?: string }).mode, "live");
    assert.equal((page.messages[3] as { value?: unknown }).value, "running", "only the latest snapshot");
    const live = page.next("event", false);
    publish(relay, { t: "event", at: 4, to: "x:0", type: "task.accept" });
    await live;
    assert.equal((page.messages.at(-1) as { type?: string }).type, "task.accept");
    page.close();
  });

  test("a WebSocket from a foreign origin is refused", async () => {
    const page = new Page(relay.url, "ws", { origin: "http://evil.example" });
    const [err] = (await once(page.ws, "error")) as [Error];
    assert.match(err.message, /403/);
  });

  test("a slow page never holds the producer up; it gets dropped + resync once it reads again", async () => {
    const slow = await Relay.start({
      mode: "live",
      port: 0,
      root: viewerFolder(),
      recent: 5,
      highWater: 64 << 10,
    });
    try {
      const page = new Page(slow.url);
      const [res] = (await once(page.ws, "upgrade")) as [{ socket: { pause(): void; resume(): void } }];
      await page.next("synced");
      res.socket.pause();
      const big = "x".repeat(16 << 10);
      const started = performance.now();
      for (let i = 0; i < 2000; i++)
        publish(slow, { t: "event", at: i, to: "x:0", type: "tick", data: { i, big } });
      const took = performance.now() - started;
      assert.ok(slow.droppedTotal > 0, "the slow page lost messages");
      assert.ok(took < 2000, `publishing 32 MB to a stalled page took ${took.toFixed(0)} ms`);
      const dropped = page.next("dropped");
      res.socket.resume();
      await dropped;
      const at = page.messages.findIndex((m) => m.t === "dropped");
      assert.ok((page.messages[at] as { count: number }).count > 0);
      while (!page.messages.slice(at).some((m) => m.t === "synced")) await page.next("synced", false);
      const resync = page.messages.slice(at + 1);
      assert.equal(
        resync.filter((m) => m.t === "event").length >= 5,
        true,
        "the resync carries the recent events",
      );
      page.close();
      const closed = new Page(slow.url);
      await closed.next("synced");
      closed.close();
      await once(closed.ws, "close");
      for (let i = 0; i < 10; i++) publish(slow, { t: "event", at: i, to: "x:0", type: "after-close" });
    } finally {
      await slow.close();
    }
  });
});
