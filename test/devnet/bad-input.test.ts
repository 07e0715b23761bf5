// The devnet never answers 5xx to bad input and never crashes: every endpoint is sent
// malformed JSON, wrong JSON types, unknown or malformed ids, bad query values and an
// oversize body, and must answer 4xx with a message (or 2xx where the input is valid).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { MAX_BODY_BYTES } from "../../devnet/server.js";

const BODIES = ['{"a":', "[]", "{}", '"text"', "null", "12", '{"properties": 5, "constraints": []}'];
const IDS = ["nope", "R-xyz", "0", "%E2%82%AC", `${"f".repeat(64)}`, "P-" + "0".repeat(64)];

function fill(path: string, id: string): string {
  return path.replace(/:(\w+)/g, id);
}

describe("bad input on every endpoint", { timeout: 120_000 }, () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await startDevnet({ port: 0, seed: "bad-input", providerCount: 1 });
  });
  after(() => devnet.stop());

  async function send(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(`${devnet.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${devnet.appKey}`, "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, text: await res.text() };
  }

  function assertNot5xx(what: string, answer: { status: number; text: string }): void {
    // 501 is the daemon's deliberate answer to the unimplemented reject endpoints.
    const notImplemented = answer.status === 501 && /\/(reject|payments)\b/.test(what);
    assert.ok(
      answer.status < 500 || notImplemented,
      `${what} -> ${answer.status} ${answer.text.slice(0, 300)}`,
    );
    if (answer.status >= 400 && answer.status !== 404 && answer.status !== 405) {
      assert.ok(answer.text.length > 0, `${what} -> ${answer.status} with no message`);
    }
  }

  test("malformed bodies and ids get 4xx, never 5xx", async () => {
    const routes = devnet.routes.filter((r) => !r.includes("/devnet-api/"));
    assert.ok(routes.length > 50, `only ${routes.length} routes`);
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      for (const id of IDS) {
        const target = `${fill(path, id)}?timeout=0`;
        if (method === "GET" || method === "DELETE") {
          assertNot5xx(`${method} ${target}`, await send(method, target));
          continue;
        }
        for (const body of BODIES)
          assertNot5xx(`${method} ${target} ${body}`, await send(method, target, body));
      }
    }
  });

  test("bad query values get 400 with a message naming the parameter", async () => {
    const checks: [string, string][] = [
      ["GET", "/market-api/v1/agreementEvents?maxEvents=0"],
      ["GET", "/market-api/v1/agreementEvents?maxEvents=abc"],
      ["GET", "/market-api/v1/agreementEvents?timeout=-1"],
      ["GET", "/market-api/v1/agreementEvents?afterTimestamp=yesterday"],
      ["GET", "/payment-api/v1/debitNoteEvents?timeout=x"],
      ["GET", "/payment-api/v1/invoiceEvents?afterTimestamp=2024-13-45"],
      ["GET", "/payment-api/v1/demandDecorations"],
    ];
    for (const [method, path] of checks) {
      const answer = await send(method, path);
      assert.equal(answer.status, 400, `${path} -> ${answer.status} ${answer.text}`);
      const name = new URL(path, "http://x").searchParams.keys().next().value ?? "allocationIds";
      assert.match(answer.text, new RegExp(name), `${path}: ${answer.text}`);
    }
  });

  test("an oversize body gets 413 and the devnet keeps serving", async () => {
    const big = JSON.stringify({ properties: { x: "a".repeat(MAX_BODY_BYTES) }, constraints: "()" });
    const answer = await send("POST", "/market-api/v1/demands", big).catch((err: Error) => ({
      status: 413,
      text: `connection closed after the limit: ${err.message}`,
    }));
    assert.equal(answer.status, 413, answer.text);
    const me = await send("GET", "/me");
    assert.equal(me.status, 200);
  });
});
