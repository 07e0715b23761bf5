// Batches over HTTP: polling with and without commandIndex, SSE streaming, the state
// machine's errors, and the commands' outputs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { chooseConfinement } from "../../devnet/activity/confinement.js";
import { ActivityRegistry } from "../../devnet/activity/registry.js";
import { controlRoutes } from "../../devnet/activity/routes-control.js";
import { resultsRoute } from "../../devnet/activity/routes-results.js";
import { type ActivityHarness, activityHarness, call, type ExeResult, serveRoutes } from "./helpers.js";

const API = "/activity-api/v1";
const sh = (script: string, capture: unknown = { stdout: { atEnd: {} }, stderr: { atEnd: {} } }) => ({
  run: { entry_point: "/bin/sh", args: ["-c", script], capture },
});

describe("exec and results", () => {
  let h: ActivityHarness;
  let ready: string;
  before(async () => {
    h = await activityHarness({ seed: "activity-exec" });
    ready = await h.createActivity();
    await h.runBatch(ready, [{ deploy: { env: { DEPLOY_VAR: "d" } } }, { start: {} }]);
  });
  after(() => h.close());

  async function exec(activityId: string, commands: unknown[]): Promise<string> {
    const res = await call<string>(h, "POST", `${API}/activity/${activityId}/exec`, {
      text: JSON.stringify(commands),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body, /^[0-9a-f]{32}$/);
    return res.body;
  }

  function results(activityId: string, batchId: string, query = "") {
    return call<ExeResult[] & { message?: string }>(
      h,
      "GET",
      `${API}/activity/${activityId}/exec/${batchId}${query}`,
    );
  }

  test("deploy, start and run give real output through a long poll", async () => {
    const id = await h.createActivity();
    const batch = await exec(id, [{ deploy: {} }, { start: {} }, sh("echo hello; echo oops >&2")]);
    const { status, body } = await results(id, batch, "?timeout=10");
    assert.equal(status, 200);
    assert.equal(body.length, 3);
    for (const [i, r] of body.entries()) {
      assert.deepEqual(Object.keys(r).sort(), [
        "eventDate",
        "index",
        "isBatchFinished",
        "message",
        "result",
        "stderr",
        "stdout",
      ]);
      assert.equal(r.index, i);
      assert.equal(r.result, "Ok");
      assert.equal(r.message, null);
      assert.equal(r.isBatchFinished, i === 2);
      assert.match(r.eventDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    assert.equal(body[0]!.stdout, null);
    assert.equal(body[2]!.stdout, "hello\n");
    assert.equal(body[2]!.stderr, "oops\n");
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, { state: ["Ready", null] });
  });

  test("commandIndex: cumulative from 0, output only at the index, 408 while it runs", async () => {
    const batch = await exec(ready, [sh("echo a"), sh("sleep 0.4; echo b"), sh("echo c")]);
    const first = await results(ready, batch, "?commandIndex=0&timeout=5");
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.map((r) => [r.index, r.stdout, r.isBatchFinished]),
      [[0, "a\n", true]],
    );
    const partial = await results(ready, batch, "?timeout=0");
    assert.deepEqual(
      partial.body.map((r) => r.index),
      [0],
      "without commandIndex a time-out returns what is done",
    );
    const timeout = await results(ready, batch, "?commandIndex=2&timeout=0.05");
    assert.deepEqual(
      { status: timeout.status, body: timeout.body },
      { status: 408, body: { message: "Timeout" } },
    );
    const last = await results(ready, batch, "?commandIndex=2&timeout=5");
    assert.deepEqual(
      last.body.map((r) => [r.index, r.stdout, r.isBatchFinished]),
      [
        [0, null, false],
        [1, null, false],
        [2, "c\n", true],
      ],
    );
    const all = await results(ready, batch);
    assert.deepEqual(
      all.body.map((r) => r.stdout),
      ["a\n", "b\n", "c\n"],
    );
  });

  test("commands out of order fail inside the batch with the daemon's messages", async () => {
    const id = await h.createActivity();
    const cases: [unknown[], string][] = [
      [[sh("true")], "Activity is initialized - deploy() command is expected now"],
      [[{ start: {} }], "Activity is initialized - deploy() command is expected now"],
      [[{ deploy: {} }, { deploy: {} }], "Activity is deployed - start() command is expected now"],
      [[{ start: {} }, { start: {} }], "Cannot send command after a successful start()"],
      [[{ deploy: {} }], "Cannot send command after a successful start()"],
    ];
    for (const [commands, message] of cases) {
      const { results: out } = await h.runBatch(id, commands);
      const last = out[out.length - 1]!;
      assert.equal(last.result, "Error");
      assert.equal(last.message, `Local service error: State error: ${message}`);
      assert.equal(last.isBatchFinished, true);
    }
  });

  test("a failing command stops the batch", async () => {
    const batch = await exec(ready, [sh("echo before; exit 3"), sh("echo never")]);
    const { body } = await results(ready, batch, "?timeout=5");
    assert.equal(body.length, 1);
    assert.deepEqual(
      { ...body[0], eventDate: "" },
      {
        index: 0,
        eventDate: "",
        result: "Error",
        stdout: "before\n",
        stderr: null,
        message: "ExeScript command exited with code 3",
        isBatchFinished: true,
      },
    );
    const never = await results(ready, batch, "?commandIndex=1&timeout=5");
    assert.equal(never.status, 408);
  });

  test("entry points that cannot start fail with the spawn error", async () => {
    const { results: out } = await h.runBatch(ready, [{ run: { entry_point: "/no/such/binary", args: [] } }]);
    assert.equal(out[0]!.result, "Error");
    assert.equal(out[0]!.message, "ExeScript command error: spawn /no/such/binary ENOENT");
  });

  test("bin output is byte values; env comes from the image, deploy and run; image files are there", async () => {
    const { results: out } = await h.runBatch(ready, [
      sh("printf hi", { stdout: { atEnd: { format: "bin" } } }),
      {
        run: {
          entry_point: "/bin/sh",
          args: ["-c", "echo $IMAGE_VAR $DEPLOY_VAR $RUN_VAR"],
          env: { RUN_VAR: "r" },
          capture: { stdout: { atEnd: {} } },
        },
      },
      sh("cat /app/hello.txt; pwd"),
      { run: { entry_point: "/bin/echo", args: ["discarded"] } },
    ]);
    assert.deepEqual(out[0]!.stdout, [104, 105]);
    assert.equal(out[1]!.stdout, "from-image d r\n");
    const [hello, cwd] = (out[2]!.stdout as string).split("\n");
    assert.equal(hello, "hello from the image");
    assert.match(cwd!, /\/golem\/work$/);
    assert.equal(out[3]!.stdout, null, "run without capture discards output");
  });

  test("deploys that cannot be done fail clearly (and move on, as the daemon's state machine does)", async () => {
    const vpn = await h.createActivity();
    const net = [{ id: "n1", ip: "192.168.0.0", mask: "255.255.255.0", nodeIp: "192.168.0.2" }];
    const { results } = await h.runBatch(vpn, [{ deploy: { net } }, { start: {} }]);
    assert.equal(results.length, 1);
    assert.equal(
      results[0]!.message,
      "ExeScript command error: VPN networks (deploy.net) are not supported by the devnet's providers",
    );
    assert.deepEqual((await call(h, "GET", `${API}/activity/${vpn}/state`)).body, {
      state: ["Deployed", null],
    });

    const agreement = h.ctx.market.approve(h.ctx.providers[0]!, {
      demand: { "golem.srv.comp.task_package": "missing" },
    });
    const noImage = await h.createActivity(agreement.agreementId);
    const { results: failed } = await h.runBatch(noImage, [{ deploy: {} }]);
    assert.match(failed[0]!.message!, /^Local service error: Transfer error: Image for missing not found/);
    const noPackage = await h.createActivity(h.ctx.market.approve(h.ctx.providers[0]!).agreementId);
    const { results: none } = await h.runBatch(noPackage, [{ deploy: {} }]);
    assert.match(none[0]!.message!, /has no golem\.srv\.comp\.task_package/);
  });

  test("sign answers a JSON string signature on stdout", async () => {
    const { results: out } = await h.runBatch(ready, [{ sign: {} }]);
    assert.equal(out[0]!.result, "Ok");
    assert.match(JSON.parse(out[0]!.stdout as string), /^[0-9a-f]{64}$/);
  });

  test("bad exec bodies, unknown batches and bad query parameters are 4xx", async () => {
    const bad = await call<{ message: string }>(h, "POST", `${API}/activity/${ready}/exec`, {
      text: '[{"launch":{}}]',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /^Bad request: command 0: unknown variant `launch`/);
    assert.equal((await call(h, "POST", `${API}/activity/${ready}/exec`, { script: "[]" })).status, 400);
    assert.equal((await call(h, "POST", `${API}/activity/${ready}/exec`, { text: [] })).status, 400);
    const unknown = await results(ready, "b".repeat(32));
    assert.deepEqual(
      { status: unknown.status, body: unknown.body },
      { status: 404, body: { message: `Not found: batch_id = ${"b".repeat(32)}` } },
    );
    const batch = await exec(ready, [sh("true")]);
    assert.equal((await results(ready, batch, "?commandIndex=1")).status, 400);
    assert.equal((await results(ready, batch, "?commandIndex=-1")).status, 400);
    assert.equal((await results(ready, batch, "?timeout=x")).status, 400);
    const empty = await exec(ready, []);
    assert.deepEqual((await results(ready, empty, "?timeout=5")).body, []);
  });

  test("running commands, Busy, and terminate stopping other batches", async () => {
    const id = await h.createActivity();
    await h.runBatch(id, [{ deploy: {} }, { start: {} }]);
    const none = await call<{ message: string }>(h, "GET", `${API}/activity/${id}/command`);
    assert.deepEqual(
      { status: none.status, body: none.body },
      { status: 404, body: { message: `Not found: No running command within activity: ${id}` } },
    );
    const sleeper = await exec(id, [{ run: { entry_point: "/bin/sleep", args: ["30"] } }]);
    assert.deepEqual((await results(id, sleeper, "?timeout=0.2")).body, []);
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/command`)).body, [
      { command: "Run", params: ["/bin/sleep", "30"] },
    ]);
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Ready", "Ready"],
    });
    const { results: busy } = await h.runBatch(id, [sh("true")]);
    assert.equal(busy[0]!.message, "Local service error: State error: Busy: StatePair(Ready, Some(Ready))");
    const { results: term } = await h.runBatch(id, [{ terminate: {} }]);
    assert.equal(term[0]!.result, "Ok");
    const killed = await results(id, sleeper, "?timeout=5");
    assert.equal(killed.body.length, 1);
    assert.equal(killed.body[0]!.result, "Error");
    assert.deepEqual((await call(h, "GET", `${API}/activity/${id}/state`)).body, {
      state: ["Initialized", null],
    });
    assert.equal((await call(h, "GET", `${API}/activity/${id}/command`)).status, 404);
  });
});

/** Reads an SSE response until `done(text)` holds, then closes the connection. */
async function readStream(
  res: Response,
  controller: AbortController,
  done: (text: string) => boolean,
): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}

describe("results streamed as server-sent events", () => {
  let h: ActivityHarness;
  let ready: string;
  before(async () => {
    h = await activityHarness({ seed: "activity-sse" });
    ready = await h.createActivity();
    await h.runBatch(ready, [{ deploy: {} }, { start: {} }]);
  });
  after(() => h.close());

  async function stream(
    batchId: string,
    controller: AbortController,
    accept = "text/event-stream",
  ): Promise<Response> {
    return fetch(`${h.url}${API}/activity/${ready}/exec/${batchId}`, {
      headers: { authorization: `Bearer ${h.appKey}`, accept },
      signal: controller.signal,
    });
  }

  async function exec(commands: unknown[]): Promise<string> {
    return (
      await call<string>(h, "POST", `${API}/activity/${ready}/exec`, { text: JSON.stringify(commands) })
    ).body;
  }

  test("a long-running command streams line by line, in the daemon's exact frames", async () => {
    const command = {
      run: {
        entry_point: "/bin/sh",
        args: ["-c", "for i in 1 2 3; do echo line$i; sleep 0.1; done"],
        capture: { stdout: { stream: {} }, stderr: { stream: {} } },
      },
    };
    const batch = await exec([command]);
    const controller = new AbortController();
    const res = await stream(batch, controller);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const text = await readStream(res, controller, (t) => t.includes('"finished"') && t.endsWith("\n\n"));
    const frames = text.split(/(?<=\n\n)/);
    const events = frames.map((frame, seq) => {
      const m = /^event: runtime\ndata: (.*)\nid: (\d+)\n\n$/.exec(frame);
      assert.ok(m, `frame ${seq} is malformed: ${JSON.stringify(frame)}`);
      assert.equal(Number(m[2]), seq, "ids count 0, 1, 2, ... per connection");
      return JSON.parse(m[1]!) as {
        batch_id: string;
        index: number;
        timestamp: string;
        kind: Record<string, unknown>;
      };
    });
    // Byte for byte: each frame is exactly the serialisation of its event.
    assert.equal(
      text,
      events.map((e, seq) => `event: runtime\ndata: ${JSON.stringify(e)}\nid: ${seq}\n\n`).join(""),
    );
    for (const e of events) {
      assert.deepEqual(Object.keys(e), ["batch_id", "index", "timestamp", "kind"]);
      assert.equal(e.batch_id, batch);
      assert.equal(e.index, 0);
      assert.match(e.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}$/);
    }
    assert.deepEqual(
      events.map((e) => e.kind),
      [
        { started: { command } },
        { stdout: "line1\n" },
        { stdout: "line2\n" },
        { stdout: "line3\n" },
        { finished: { return_code: 0, message: null } },
      ],
    );
  });

  test("a client connecting right after exec sees even a fast batch from its first event", async () => {
    const batch = await exec([{ sign: {} }, sh("exit 2", { stdout: { stream: {} } }), sh("echo never")]);
    const controller = new AbortController();
    const res = await stream(batch, controller);
    const text = await readStream(res, controller, (t) => t.includes('"return_code":2'));
    const kinds = text
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => JSON.parse(l.slice(6)) as { index: number; kind: Record<string, unknown> })
      .map((e) => [e.index, Object.keys(e.kind)[0]]);
    assert.deepEqual(kinds, [
      [0, "started"],
      [0, "stdout"],
      [0, "finished"],
      [1, "started"],
      [1, "finished"],
    ]);
    assert.match(text, /"finished":\{"return_code":2,"message":"ExeScript command exited with code 2"\}/);
  });

  test("no replay: a late client gets only :ping comments, and the stream stays open", async () => {
    const registry = new ActivityRegistry(h.ctx, chooseConfinement("none"));
    const server = await serveRoutes(h.ctx, [
      ...controlRoutes(h.ctx, registry),
      resultsRoute(h.ctx, registry, 40),
    ]);
    try {
      const agreementId = h.agreement().agreementId;
      const id = (await call<{ activityId: string }>(server, "POST", `${API}/activity`, { agreementId })).body
        .activityId;
      const batch = (
        await call<string>(server, "POST", `${API}/activity/${id}/exec`, { text: '[{"sign":{}}]' })
      ).body;
      const done = await call<ExeResult[]>(server, "GET", `${API}/activity/${id}/exec/${batch}?timeout=5`);
      assert.equal(done.body[0]!.isBatchFinished, true);
      const controller = new AbortController();
      const res = await fetch(`${server.url}${API}/activity/${id}/exec/${batch}`, {
        headers: { authorization: `Bearer ${server.appKey}`, accept: "text/event-stream" },
        signal: controller.signal,
      });
      const text = await readStream(res, controller, (t) => t.length >= ":ping\n:ping\n:ping\n".length);
      assert.equal(text, ":ping\n:ping\n:ping\n");
    } finally {
      await registry.stopAll();
      await server.close();
    }
  });

  test("only the exact Accept value selects the stream", async () => {
    const batch = await exec([sh("echo x")]);
    const controller = new AbortController();
    const res = await stream(batch, controller, "text/event-stream, application/json");
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.ok(Array.isArray(await res.json()));
  });
});
