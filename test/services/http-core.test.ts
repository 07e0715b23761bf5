import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { after, before, describe, test } from "node:test";
import {
  ApiError,
  AuthenticationError,
  configureRestLogging,
  HttpCore,
  type HttpExchange,
  RequestTimeoutError,
  TransportError,
} from "../../services/index.js";
import { captureLogger, type ScriptedServer, sendJson, startScriptedServer } from "./helpers.js";

const KEY = "test-app-key-0123456789";
const GSB = "GSB error: GSB failure: Bad request: endpoint address not found: /net/0xabc/exeunit";
const FAST = { baseDelayMs: 1, maxDelayMs: 5 };

/** Routes of the scripted daemon: behaviour chosen by path, with per-path counters. */
function route(srv: { count: Map<string, number> }) {
  return (
    hit: { method: string; url: string; body: string },
    res: import("node:http").ServerResponse,
  ): unknown => {
    const path = new URL(hit.url, "http://x").pathname;
    const n = (srv.count.get(path) ?? 0) + 1;
    srv.count.set(path, n);
    switch (path) {
      case "/api/echo":
        return sendJson(res, 201, {
          got: JSON.parse(hit.body || "null"),
          query: new URL(hit.url, "http://x").search,
        });
      case "/api/null":
        return sendJson(res, 200, null);
      case "/api/empty":
        res.writeHead(204);
        return void res.end();
      case "/api/not-found":
        return sendJson(res, 404, { message: "Demand [x] not found." });
      case "/api/null-message":
        return sendJson(res, 404, { message: null });
      case "/api/problem":
        return sendJson(
          res,
          400,
          { type: "/payment-api/v1/allocations/bad", detail: "Insufficient funds" },
          "application/problem+json",
        );
      case "/api/unauthorized":
        res.writeHead(401, { "content-type": "text/plain; charset=utf-8" });
        return void res.end("Invalid application key");
      case "/api/echo-key":
        return sendJson(res, 500, { message: `internal: key ${KEY} rejected` });
      case "/api/flaky-408":
        return n <= 2 ? sendJson(res, 408, { message: "Timeout" }) : sendJson(res, 200, "ok");
      case "/api/flaky-504":
        return n <= 1
          ? sendJson(res, 504, { message: "Timeout accepting Debit Note on remote Node." })
          : sendJson(res, 200, "ok");
      case "/api/always-408":
        return sendJson(res, 408, { message: "Timeout" });
      case "/api/gsb":
        return n <= 1 ? sendJson(res, 500, { message: GSB }) : sendJson(res, 200, []);
      case "/api/plain-500":
        return sendJson(res, 500, { message: "boom" });
      case "/api/reset":
        if (n <= 1) return void res.socket?.destroy();
        return sendJson(res, 200, "after reset");
      case "/api/slow":
        return void setTimeout(() => sendJson(res, 200, "slow"), 150);
      case "/api/hang":
        return; // never answers
      default:
        return sendJson(res, 404, { message: `no route ${path}` });
    }
  };
}

describe("HttpCore against a scripted server", () => {
  const state = { count: new Map<string, number>() };
  let srv: ScriptedServer;
  let core: HttpCore;
  const exchanges: HttpExchange[] = [];

  before(async () => {
    srv = await startScriptedServer(route(state));
    core = new HttpCore({
      appKey: KEY,
      retry: FAST,
      requestTimeoutMs: 2000,
      onExchange: (e) => exchanges.push(e),
    });
  });
  after(async () => {
    await core.close();
    await srv.close();
  });

  const client = () => core.client("market", `${srv.url}/api`);

  test("JSON in and out with Bearer auth; every 2xx is success; null and empty bodies", async () => {
    const res = await client().request({
      method: "POST",
      path: "/echo",
      body: { a: 1 },
      query: { timeout: 2.5, skip: undefined },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, { got: { a: 1 }, query: "?timeout=2.5" });
    const hit = srv.hits.find((h) => h.url.startsWith("/api/echo"))!;
    assert.equal(hit.headers.authorization, `Bearer ${KEY}`);
    assert.equal(hit.headers["content-type"], "application/json");
    assert.equal((await client().request({ method: "GET", path: "/null" })).body, null);
    const empty = await client().request({ method: "DELETE", path: "/empty" });
    assert.equal(empty.status, 204);
    assert.equal(empty.body, undefined);
    const reason = await client().request({ method: "POST", path: "/echo", body: null });
    assert.deepEqual(reason.body, { got: null, query: "" });
  });

  test("no Authorization header for clients made with auth: false", async () => {
    await core.client("images", `${srv.url}/api`, { auth: false }).request({ method: "GET", path: "/null" });
    assert.equal(srv.hits.at(-1)!.headers.authorization, undefined);
  });

  test("errors carry status, method, path and the daemon's message", async () => {
    await assert.rejects(
      client().request({ method: "GET", path: "/not-found", query: { x: 1 } }),
      (err: unknown) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.status, 404);
        assert.equal(err.method, "GET");
        assert.equal(err.path, "/api/not-found");
        assert.equal(err.api, "market");
        assert.equal(err.daemonMessage, "Demand [x] not found.");
        assert.equal(err.message, "GET /api/not-found failed with 404: Demand [x] not found.");
        return true;
      },
    );
    await assert.rejects(client().request({ method: "GET", path: "/null-message" }), (err: unknown) => {
      assert.ok(
        err instanceof ApiError &&
          err.daemonMessage === null &&
          err.message === "GET /api/null-message failed with 404",
      );
      return true;
    });
    await assert.rejects(client().request({ method: "POST", path: "/problem", body: {} }), (err: unknown) => {
      assert.ok(err instanceof ApiError && err.status === 400 && err.daemonMessage === "Insufficient funds");
      assert.deepEqual(err.body, { type: "/payment-api/v1/allocations/bad", detail: "Insufficient funds" });
      return true;
    });
    await assert.rejects(client().request({ method: "GET", path: "/unauthorized" }), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError && err.status === 401);
      assert.match(err.message, /Invalid application key.*YAGNA_APPKEY/);
      return true;
    });
  });

  test("the app key never appears in error messages, even when a server echoes it", async () => {
    await assert.rejects(client().request({ method: "GET", path: "/echo-key" }), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.doesNotMatch(err.message, new RegExp(KEY));
      assert.match(err.message, /key \*\*\* rejected/);
      return true;
    });
  });

  test("408 and 504 are retried with backoff, within the attempt limit", async () => {
    assert.equal((await client().request({ method: "GET", path: "/flaky-408" })).body, "ok");
    assert.equal(state.count.get("/api/flaky-408"), 3);
    assert.equal((await client().request({ method: "POST", path: "/flaky-504", body: {} })).body, "ok");
    assert.equal(state.count.get("/api/flaky-504"), 2);
    await assert.rejects(
      client().request({ method: "GET", path: "/always-408" }),
      (e: unknown) => e instanceof ApiError && e.status === 408,
    );
    assert.equal(state.count.get("/api/always-408"), 4, "default policy: 4 attempts in all");
  });

  test("a call can opt out of retrying 408 (the semantic time-outs of wait and commandIndex)", async () => {
    state.count.delete("/api/always-408");
    await assert.rejects(
      client().request({ method: "POST", path: "/always-408", retry: ["reset"] }),
      ApiError,
    );
    assert.equal(state.count.get("/api/always-408"), 1);
  });

  test("the GSB 500 is retried only where asked (batch results); other 500s never", async () => {
    await assert.rejects(
      client().request({ method: "GET", path: "/gsb" }),
      (e: unknown) => e instanceof ApiError && e.isGsbEndpointNotFound,
    );
    assert.equal(state.count.get("/api/gsb"), 1);
    state.count.delete("/api/gsb");
    assert.deepEqual((await client().request({ method: "GET", path: "/gsb", retry: ["gsb"] })).body, []);
    assert.equal(state.count.get("/api/gsb"), 2);
    await assert.rejects(
      client().request({ method: "GET", path: "/plain-500", retry: ["gsb", "timeout", "reset"] }),
      ApiError,
    );
    assert.equal(state.count.get("/api/plain-500"), 1);
  });

  test("a connection reset is retried", async () => {
    assert.equal((await client().request({ method: "GET", path: "/reset" })).body, "after reset");
    assert.equal(state.count.get("/api/reset"), 2);
  });

  test("client time limits: plain calls and long polls (wait plus margin)", async () => {
    await assert.rejects(
      client().request({ method: "GET", path: "/hang", timeoutMs: 80 }),
      (err: unknown) => {
        assert.ok(err instanceof RequestTimeoutError && err.timeoutMs === 80 && err.path === "/api/hang");
        return true;
      },
    );
    const poll = new HttpCore({ appKey: KEY, longPollMarginMs: 200 });
    try {
      // The server answers after 150 ms: longer than the 50 ms wait, within wait + margin.
      const res = await poll
        .client("market", `${srv.url}/api`)
        .request({ method: "GET", path: "/slow", longPollMs: 50 });
      assert.equal(res.body, "slow");
    } finally {
      await poll.close();
    }
  });

  test("the caller's AbortSignal cancels a call with its reason", async () => {
    const controller = new AbortController();
    const pending = client().request({ method: "GET", path: "/hang", signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop now")), 20);
    await assert.rejects(pending, /stop now/);
  });

  test("a long-lived signal keeps no listener from finished calls", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++)
      await client().request({ method: "GET", path: "/null", signal: controller.signal });
    await assert.rejects(
      client().request({ method: "GET", path: "/not-found", signal: controller.signal }),
      ApiError,
    );
    assert.equal(getEventListeners(controller.signal, "abort").length, 0);
  });

  test("a refused connection is a TransportError and is not retried", async () => {
    const closed = await startScriptedServer(() => {});
    await closed.close();
    await assert.rejects(
      core.client("payment", closed.url).request({ method: "GET", path: "/x" }),
      (err: unknown) => {
        assert.ok(err instanceof TransportError && err.code === "ECONNREFUSED" && !err.isConnectionReset);
        return true;
      },
    );
  });

  test("sequential calls reuse keep-alive connections", async () => {
    const own = await startScriptedServer((_hit, res) => sendJson(res, 200, "x"));
    try {
      const c = core.client("identity", own.url);
      for (let i = 0; i < 20; i++) await c.request({ method: "GET", path: "/me" });
      // undici may open a second socket while the first one's response is being released;
      // without keep-alive there would be one per call.
      assert.ok(own.connections <= 2, `${own.connections} connections for 20 calls`);
    } finally {
      await own.close();
    }
  });

  test("onExchange sees both bodies and never the key", () => {
    const echo = exchanges.find((e) => e.url.endsWith("/api/echo?timeout=2.5"))!;
    assert.deepEqual(echo.requestBody, { a: 1 });
    assert.equal(echo.status, 201);
    assert.equal(echo.contentType, "application/json");
    assert.equal(echo.api, "market");
    // Only the scripted /echo-key answer (the server's own text) may hold the key.
    const ours = exchanges.filter((e) => !e.url.endsWith("/echo-key"));
    assert.doesNotMatch(JSON.stringify(ours), new RegExp(KEY));
  });

  test("per-API debug logging: method, path, status, duration under yatsapi.rest.<api>", async () => {
    const { logger, entries } = captureLogger();
    configureRestLogging({ logger, debug: { market: true } });
    try {
      await client().request({ method: "GET", path: "/null" });
      await core.client("payment", `${srv.url}/api`).request({ method: "GET", path: "/null" });
      const lines = entries.filter((e) => e.level === "debug");
      assert.equal(lines.length, 1, "only the market API has debug on");
      const [line] = lines;
      assert.equal(line!.logger, "yatsapi.rest.market");
      assert.equal(line!.method, "GET");
      assert.equal(line!.path, "/api/null");
      assert.equal(line!.status, 200);
      assert.equal(typeof line!.durationMs, "number");
      assert.doesNotMatch(JSON.stringify(entries), new RegExp(KEY));
    } finally {
      configureRestLogging({ debug: { market: false } });
    }
  });
});
