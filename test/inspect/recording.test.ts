// Recording and replay: an inspected run written to .jsonl (hello first, one message a
// line) replays in the same page in `replay` mode with the same messages; `yatsapi viz`
// names a missing file, a bad line (with its number) and an unknown protocol version.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createActor, waitFor } from "xstate";
import { Inspector } from "../../src/inspect/inspector.js";
import type { InspectMessage } from "../../src/inspect/protocol.js";
import { startReplay } from "../../src/inspect/replay.js";
import { runCli } from "../cli-helpers.js";
import { APP_KEY, parentMachine } from "./machines.js";
import { Page, viewerFolder } from "./relay-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "yatsapi-recording-"));

describe("recording and replay", () => {
  test("a recorded run replays with the same messages, in replay mode", async () => {
    const file = join(dir, "run.jsonl");
    const inspector = new Inspector({
      port: 0,
      record: file,
      secrets: [APP_KEY],
      root: viewerFolder(),
      announce: () => undefined,
    });
    await inspector.ready;
    const actor = createActor(parentMachine, { inspect: inspector.inspect }).start();
    await waitFor(actor, (s) => s.matches({ active: "waiting" }));
    actor.send({ type: "APPROVE", note: `with ${APP_KEY}` });
    await inspector.close();
    const text = readFileSync(file, "utf8");
    assert.equal(text.includes(APP_KEY), false, "the recording holds no app key");
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as InspectMessage);
    assert.equal(lines[0]?.t, "hello");
    assert.equal(lines.at(-1)?.t, "end");
    assert.ok(lines.some((m) => m.t === "step"));

    const replay = await startReplay(file, { port: 0, instant: true, root: viewerFolder() });
    try {
      await replay.finished;
      assert.equal(replay.count, lines.length - 1);
      const page = new Page(replay.relay.url);
      await page.next("synced");
      assert.equal((page.messages[0] as { mode?: string }).mode, "replay");
      const snapshots = page.messages.filter((m) => m.t === "snapshot" && m.id === actor.sessionId);
      assert.equal(
        (snapshots.at(-1) as { value?: unknown }).value,
        "finished",
        "the replayed state is the end state",
      );
      assert.equal(page.messages.at(-2)?.t, "end");
      page.close();
    } finally {
      await replay.close();
    }
  });

  test("a paced replay starts when the first page connects and publishes every message", async () => {
    const file = join(dir, "paced.jsonl");
    const hello = { t: "hello", v: 1, mode: "live", at: 5, sdk: "0.1.0" };
    const events = [1, 2, 3].map((i) => ({ t: "event", at: i * 10, to: "x:0", type: `e${i}` }));
    writeFileSync(file, [hello, ...events].map((m) => JSON.stringify(m)).join("\n"));
    const replay = await startReplay(file, { port: 0, speed: 100, root: viewerFolder() });
    try {
      const page = new Page(replay.relay.url);
      await replay.finished;
      await page.next("synced");
      // Times in the page stay relative to the recorded start, not the replay's.
      assert.deepEqual(
        page.messages
          .filter((m) => m.t === "hello")
          .map((m) => [(m as { at: number }).at, (m as { mode: string }).mode]),
        [[5, "replay"]],
      );
      while (page.messages.filter((m) => m.t === "event").length < 3) await page.next("event", false);
      assert.deepEqual(
        page.messages.filter((m) => m.t === "event").map((m) => (m as { type: string }).type),
        ["e1", "e2", "e3"],
      );
      page.close();
    } finally {
      await replay.close();
    }
  });

  test("yatsapi viz refuses a missing file, a bad line and an unknown version, saying which", async () => {
    const missing = await runCli(["viz", join(dir, "none.jsonl")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no recording at .*none\.jsonl/);
    const bad = join(dir, "bad.jsonl");
    writeFileSync(
      bad,
      `${JSON.stringify({ t: "hello", v: 1, mode: "live", at: 0, sdk: "x" })}\n{"t":"event"}\nnot json\n`,
    );
    const badRun = await runCli(["viz", bad]);
    assert.equal(badRun.code, 1);
    assert.match(badRun.stderr, /bad\.jsonl:3: not a JSON line/);
    const future = join(dir, "future.jsonl");
    writeFileSync(future, `${JSON.stringify({ t: "hello", v: 99, mode: "live", at: 0, sdk: "9" })}\n`);
    const futureRun = await runCli(["viz", future]);
    assert.match(
      futureRun.stderr,
      /future\.jsonl:1: protocol version 99 is not one this yatsapi reads \(it reads 1\)/,
    );
    const headless = join(dir, "headless.jsonl");
    writeFileSync(headless, `${JSON.stringify({ t: "event", at: 0, to: "x:0", type: "a" })}\n`);
    assert.match(
      (await runCli(["viz", headless])).stderr,
      /headless\.jsonl:1: a recording starts with a "hello" line/,
    );
    assert.match(
      (await runCli(["viz", bad, "--speed", "0"])).stderr,
      /--speed must be a number greater than 0/,
    );
    assert.match(
      (await runCli(["viz", bad, "--speed", "2", "--instant"])).stderr,
      /either --speed or --instant/,
    );
    assert.match((await runCli(["viz"])).stderr, /missing the recording/);
    const help = await runCli(["viz", "--help"]);
    assert.match(help.stdout, /Usage: yatsapi viz <run\.jsonl>/);
  });
});
