import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type Activity,
  ActivityTerminatedError,
  type Agreement,
  ApiError,
  BatchTimeoutError,
  type CommandEvent,
  CommandExecutionError,
  type ExeScriptCommand,
  type Subscription,
} from "../../services/index.js";
import {
  checkSchemas,
  demandFor,
  type Harness,
  negotiate,
  newAllocation,
  readyActivity,
  startHarness,
} from "./harness.js";

const sh = (script: string, capture: "stream" | "atEnd" = "atEnd"): ExeScriptCommand => ({
  run: {
    entry_point: "/bin/sh",
    args: ["-c", script],
    capture:
      capture === "stream"
        ? { stdout: { stream: {} }, stderr: { stream: {} } }
        : { stdout: { atEnd: {} }, stderr: { atEnd: {} } },
  },
});

describe("activity against the devnet", () => {
  let h: Harness;
  let agreement: Agreement;
  let subscription: Subscription;
  let activity: Activity;

  before(async () => {
    h = await startHarness({ seed: "activity", providers: [{ name: "lynx", maxAgreements: 4 }] });
    ({ agreement, subscription } = await negotiate(h, await demandFor(h, await newAllocation(h))));
    activity = await readyActivity(h, agreement);
  });
  after(async () => {
    await subscription.delete();
    await h.stop();
  });

  const faults = () => h.devnet.context.providers[0]!.config.faults;

  test("state, usage and agreement of a running activity", async () => {
    assert.deepEqual((await activity.state()).state, ["Ready", null]);
    const usage = await activity.usage();
    assert.equal(usage.currentUsage?.length, 2);
    assert.ok(Number.isInteger(usage.timestamp));
    assert.equal(await activity.agreementId(), agreement.id);
  });

  test("one exec of one command with results costs 2 REST calls (exec + one long poll)", async () => {
    await h.resetStats();
    const batch = await activity.send([sh("echo hello; echo oops >&2")]);
    const [ran, ...rest] = await batch.results();
    assert.deepEqual(rest, []);
    assert.equal(ran?.success, true);
    assert.equal(ran?.stdout, "hello\n");
    assert.equal(ran?.stderr, "oops\n");
    assert.equal(ran?.index, 0);
    assert.match(batch.id, /^[0-9a-f]{32}$/);
    const { total, byRoute } = await h.stats();
    assert.equal(total, 2, JSON.stringify(byRoute));
  });

  test("a multi-command batch yields one executed event per command, in order", async () => {
    const batch = await activity.send([sh("echo a"), sh("echo b"), sh("echo c")]);
    const events: CommandEvent[] = [];
    for await (const ev of batch) events.push(ev);
    assert.deepEqual(
      events.map((e) => (e.kind === "executed" ? [e.index, e.stdout] : e.kind)),
      [
        [0, "a\n"],
        [1, "b\n"],
        [2, "c\n"],
      ],
    );
    assert.equal(batch.size, 3);
    assert.equal(batch.secondsLeft(), Number.POSITIVE_INFINITY);
  });

  test("a failing command: its executed event, then CommandExecutionError with command, message and stderr", async () => {
    const failing = sh("echo broken >&2; exit 3");
    const batch = await activity.send([sh("true"), failing, sh("echo never")]);
    const seen: CommandEvent[] = [];
    await assert.rejects(
      (async () => {
        for await (const ev of batch) seen.push(ev);
      })(),
      (err: unknown) => {
        assert.ok(err instanceof CommandExecutionError);
        assert.deepEqual(err.command, failing);
        assert.equal(err.index, 1);
        assert.match(err.failure ?? "", /exited with code 3/);
        assert.equal(err.stderr, "broken\n");
        return true;
      },
    );
    assert.deepEqual(
      seen.map((e) => e.kind === "executed" && e.success),
      [true, false],
    );
  });

  test("the deadline raises BatchTimeoutError (polling and streaming)", async () => {
    for (const stream of [false, true]) {
      const started = Date.now();
      const batch = await activity.send([sh("sleep 5")], { stream, deadline: new Date(Date.now() + 400) });
      assert.ok(batch.secondsLeft() <= 0.4);
      await assert.rejects(
        batch.results(),
        (err: unknown) => err instanceof BatchTimeoutError && err.batchId === batch.id,
      );
      assert.ok(Date.now() - started < 3000, "gave up at the deadline, not at the command's end");
      // The command still runs on the provider: stop it, and set the exe-unit up again.
      await (await activity.send([{ terminate: {} }])).results();
      await (await activity.send([{ deploy: {} }, { start: {} }])).results();
    }
  });

  test("streaming: a long-running command's stdout arrives line by line while it runs", async () => {
    const script = "for i in 1 2 3 4 5; do echo line$i; sleep 0.2; done; echo bye >&2";
    const batch = await activity.send([sh(script, "stream")], { stream: true });
    const lines: { text: string; at: number }[] = [];
    let executedAt = 0;
    let executed: CommandEvent | undefined;
    const kinds: string[] = [];
    for await (const ev of batch) {
      kinds.push(ev.kind);
      if (ev.kind === "stdout") lines.push({ text: String(ev.output), at: Date.now() });
      if (ev.kind === "executed") {
        executed = ev;
        executedAt = Date.now();
      }
    }
    assert.equal(kinds[0], "started");
    assert.equal(kinds.at(-1), "executed");
    assert.deepEqual(
      lines.map((l) => l.text),
      ["line1\n", "line2\n", "line3\n", "line4\n", "line5\n"],
    );
    assert.ok(executedAt - lines[0]!.at >= 600, "the first line came long before the command ended");
    assert.ok(executed?.kind === "executed" && executed.success);
    assert.equal(executed?.kind === "executed" && executed.stdout, "line1\nline2\nline3\nline4\nline5\n");
    assert.equal(executed?.kind === "executed" && executed.stderr, "bye\n");
  });

  test("streaming: a failure closes the stream and throws with the streamed stderr", async () => {
    const batch = await activity.send([sh("echo bad >&2; exit 1", "stream"), sh("echo never", "stream")], {
      stream: true,
    });
    await assert.rejects(batch.results(), (err: unknown) => {
      assert.ok(err instanceof CommandExecutionError && err.index === 0 && err.stderr === "bad\n");
      return true;
    });
  });

  test("streaming a batch that already ended reports it from the catch-up poll", async () => {
    const batch = await activity.send([sh("echo quick")], { stream: true });
    // Let the command finish before the stream opens (the daemon replays nothing): a plain
    // long poll of the same batch returns once it has ended.
    const path = `/activity/${activity.id}/exec/${batch.id}`;
    await activity.client.request({ method: "GET", path, query: { timeout: 5 }, longPollMs: 5000 });
    await h.resetStats();
    const results = await batch.results();
    assert.equal(results.length, 1);
    assert.equal(results[0]?.stdout, "quick\n");
    // The stream, and the one poll that found the batch over.
    assert.equal((await h.stats()).total, 2);
  });

  test("results: the GSB 500 is retried until it clears (polling and streaming), and given up on after the limit", async () => {
    for (const stream of [false, true]) {
      const batch = await activity.send([sh("echo through")], { stream });
      let gsbErrors = 0;
      // Clear the fault once the first GSB error has been answered: the retry then succeeds.
      const off = h.listen((e) => {
        if (e.status !== 500) return;
        gsbErrors++;
        faults().httpErrorRate = 0;
      });
      faults().httpErrorStatus = 500;
      faults().httpErrorRate = 1;
      try {
        const [ran] = await batch.results();
        assert.equal(ran?.success, true);
        assert.equal(gsbErrors, 1, "one GSB error was answered, then retried");
      } finally {
        off();
        faults().httpErrorRate = 0;
      }
    }

    const stuck = await activity.send([sh("echo never seen")]);
    await h.resetStats();
    faults().httpErrorRate = 1;
    try {
      await assert.rejects(
        stuck.results(),
        (err: unknown) => err instanceof ApiError && err.isGsbEndpointNotFound,
      );
    } finally {
      faults().httpErrorRate = 0;
    }
    const { byRoute } = await h.stats();
    assert.equal(
      byRoute["GET /activity-api/v1/activity/:activityId/exec/:batchId"],
      4,
      JSON.stringify(byRoute),
    );
  });

  test("results: 408 answers are ridden out until the batch's answer comes", async () => {
    const batch = await activity.send([sh("echo patient")]);
    let timeouts = 0;
    const off = h.listen((e) => {
      if (e.status === 408 && ++timeouts === 6) faults().httpErrorRate = 0;
    });
    faults().httpErrorStatus = 408;
    faults().httpErrorRate = 1;
    try {
      const [ran] = await batch.results();
      assert.equal(ran?.stdout, "patient\n");
      assert.equal(timeouts, 6, "more 408s than one call's retries, and the batch still ended well");
    } finally {
      off();
      faults().httpErrorRate = 0;
      faults().httpErrorStatus = 500;
    }
  });

  test("exec: a 408 is retried; a GSB 500 on exec is not (only batch results retry it)", async () => {
    faults().httpErrorStatus = 408;
    faults().httpErrorRate = 1;
    await h.resetStats();
    try {
      await assert.rejects(
        activity.send([sh("true")]),
        (err: unknown) => err instanceof ApiError && err.status === 408,
      );
    } finally {
      faults().httpErrorRate = 0;
    }
    assert.equal((await h.stats()).byRoute["POST /activity-api/v1/activity/:activityId/exec"], 4);

    faults().httpErrorStatus = 500;
    faults().httpErrorRate = 1;
    await h.resetStats();
    try {
      await assert.rejects(
        activity.send([sh("true")]),
        (err: unknown) => err instanceof ApiError && err.status === 500,
      );
    } finally {
      faults().httpErrorRate = 0;
      faults().httpErrorStatus = 500;
    }
    assert.equal((await h.stats()).byRoute["POST /activity-api/v1/activity/:activityId/exec"], 1);
  });

  test("wait for approval: a 408 fault means not approved; a 500 fault is an error", async () => {
    const demand = await demandFor(h, await newAllocation(h));
    const sub = await h.api.market.subscribe(demand.properties, demand.constraints);
    try {
      const drafts = [];
      for await (const p of sub.events({ pollTimeoutMs: 2000 })) {
        if (!p.isDraft) {
          await p.respond(demand.properties, demand.constraints);
          continue;
        }
        drafts.push(p);
        break;
      }
      const draft = drafts[0]!;
      faults().httpErrorStatus = 408;
      faults().httpErrorRate = 1;
      const first = await draft.createAgreement();
      try {
        assert.equal(await first.confirm(), false);
        faults().httpErrorStatus = 500;
        await assert.rejects(
          first.waitForApproval(),
          (err: unknown) => err instanceof ApiError && err.status === 500,
        );
      } finally {
        faults().httpErrorRate = 0;
      }
      assert.equal(await first.waitForApproval({ timeoutMs: 2000 }), true);
      assert.equal(await first.terminate(), true);
    } finally {
      await sub.delete();
    }
  });

  test("an activity that dies under a batch gives ActivityTerminatedError", async () => {
    const second = await readyActivity(h, agreement);
    faults().crashRate = 1;
    try {
      const batch = await second.send([sh("sleep 2")]);
      await assert.rejects(batch.results(), (err: unknown) => {
        assert.ok(err instanceof ActivityTerminatedError, String(err));
        assert.equal(err.activityId, second.id);
        return true;
      });
      assert.equal((await second.state()).state[0], "Terminated");
    } finally {
      faults().crashRate = 0;
    }
  });

  test("destroy ends the activity", async () => {
    const extra = await h.api.activity.newActivity(agreement.id);
    await extra.destroy();
    assert.equal((await extra.state()).state[0], "Terminated");
    await assert.rejects(extra.send([sh("true")]), ApiError);
  });

  test("every exchange matches the OpenAPI schemas", (t) => checkSchemas(t, h.exchanges));
});
