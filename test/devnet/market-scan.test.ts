import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { call, MARKET } from "./helpers.js";

interface OfferJson {
  properties: Record<string, unknown>;
  constraints: string;
  offerId: string;
  providerId: string;
  timestamp: string;
}

describe("market API: scan (2.8)", () => {
  let devnet: Devnet;

  before(async () => {
    devnet = await startDevnet({
      port: 0,
      seed: "market-scan",
      providers: [{ name: "lynx" }, { name: "otter", memGib: 32 }, { name: "heron", runtime: "wasmtime" }],
    });
  });
  after(() => devnet.stop());

  test("a scan returns each matching offer once, then [] after the timeout; DELETE ends it", async () => {
    const begin = await call<string>(devnet, "POST", `${MARKET}/scan`, {
      type: "offer",
      constraints: "(&(golem.runtime.name=vm)(golem.inf.mem.gib>=8))",
    });
    assert.equal(begin.status, 201);
    assert.equal(typeof begin.body, "string");
    const scan = begin.body;
    const first = await call<OfferJson[]>(
      devnet,
      "GET",
      `${MARKET}/scan/${scan}/events?maxEvents=1&timeout=0`,
    );
    const second = await call<OfferJson[]>(devnet, "GET", `${MARKET}/scan/${scan}/events?timeout=0`);
    const offers = [...first.body, ...second.body];
    assert.deepEqual(
      offers.map((o) => o.properties["golem.node.id.name"]),
      ["lynx", "otter"],
    );
    const [offer] = offers;
    assert.deepEqual(Object.keys(offer!), [
      "properties",
      "constraints",
      "offerId",
      "providerId",
      "timestamp",
    ]);
    assert.equal(offer!.providerId, devnet.providers[0]!.id);
    assert.match(offer!.offerId, /^[0-9a-f]{32}-[0-9a-f]{64}$/);
    assert.match(offer!.constraints, /^\(&\n {2}\(golem\.srv\.comp\.expiration>\d+\)/);
    const started = Date.now();
    const none = await call(devnet, "GET", `${MARKET}/scan/${scan}/events?timeout=0.2`);
    assert.deepEqual([none.status, none.body], [200, []]);
    assert.ok(Date.now() - started >= 150);
    assert.equal((await call(devnet, "DELETE", `${MARKET}/scan/${scan}`)).status, 204);
    const gone = await call(devnet, "GET", `${MARKET}/scan/${scan}/events?timeout=0`);
    assert.deepEqual([gone.status, gone.body], [404, { message: `Iterator with id "${scan}" not found` }]);
    assert.equal((await call(devnet, "DELETE", `${MARKET}/scan/${scan}`)).status, 404);
  });

  test("peerId narrows a scan to one provider; demand scans find nothing", async () => {
    const { body: scan } = await call<string>(devnet, "POST", `${MARKET}/scan`, { type: "offer" });
    const heron = devnet.providers[2]!.id;
    const direct = await call<OfferJson[]>(
      devnet,
      "GET",
      `${MARKET}/scan/${scan}/events?peerId=${heron}&timeout=0`,
    );
    assert.deepEqual(
      direct.body.map((o) => o.providerId),
      [heron],
    );
    const { body: demands } = await call<string>(devnet, "POST", `${MARKET}/scan`, { type: "demand" });
    assert.deepEqual((await call(devnet, "GET", `${MARKET}/scan/${demands}/events?timeout=0`)).body, []);
  });

  test("bad scans are 400", async () => {
    const constraint = await call<{ message: string }>(devnet, "POST", `${MARKET}/scan`, {
      type: "offer",
      constraints: "(a=",
    });
    assert.equal(constraint.status, 400);
    assert.match(constraint.body.message, /^Invalid constraint\./);
    const type = await call(devnet, "POST", `${MARKET}/scan`, { type: "proposal" });
    assert.equal(type.status, 400);
    const { body: scan } = await call<string>(devnet, "POST", `${MARKET}/scan`, {});
    const max = await call(devnet, "GET", `${MARKET}/scan/${scan}/events?maxEvents=0`);
    assert.equal(max.status, 400);
    assert.equal((await call(devnet, "GET", `${MARKET}/scan/nope/events`)).status, 404);
  });

  test("with Accept: text/event-stream, offers stream as `offer` events", async () => {
    const { body: scan } = await call<string>(devnet, "POST", `${MARKET}/scan`, {
      constraints: "(golem.runtime.name=wasmtime)",
    });
    const controller = new AbortController();
    const res = await fetch(`${devnet.url}${MARKET}/scan/${scan}/events`, {
      headers: { authorization: `Bearer ${devnet.appKey}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const [event, data] = text.split("\n");
    assert.equal(event, "event: offer");
    const offer = JSON.parse(data!.slice("data: ".length)) as OfferJson;
    assert.equal(offer.properties["golem.runtime.name"], "wasmtime");
  });
});
