// Event log files in JSON lines: every event type round-trips with its time, a replay
// rebuilds exactly the summary the live run printed, and bad lines are refused by number.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { EVENT_TYPES } from "../../src/events/index.js";
import type { ComputationEvent } from "../../src/events/types.js";
import { EventLogFormatError, jsonlEventWriter, logSummary, replayEvents } from "../../src/log/index.js";
import { captureLogger, computationSteps, feed, lines, sampleEvent, T0 } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "yatsapi-log-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function replayed(path: string): Promise<[ComputationEvent, number | undefined][]> {
  const got: [ComputationEvent, number | undefined][] = [];
  await replayEvents(path, (event, time) => void got.push([event, time]));
  return got;
}

describe("jsonlEventWriter and replayEvents", () => {
  test("every event type round-trips, one JSON line each, with its time", async () => {
    const path = join(dir, "all.jsonl");
    const writer = jsonlEventWriter(path, { now: () => T0 + 99 });
    const events = EVENT_TYPES.map(sampleEvent);
    events.forEach((event, i) => {
      writer(event, i === 0 ? undefined : T0 + i);
    });
    writer.close();
    const text = readFileSync(path, "utf8");
    const rows = text.trimEnd().split("\n");
    assert.equal(rows.length, EVENT_TYPES.length);
    assert.deepEqual(JSON.parse(rows[1]!), { time: T0 + 1, event: JSON.parse(JSON.stringify(events[1])) });
    const back = await replayed(path);
    assert.deepEqual(
      back.map(([event]) => event),
      events,
    );
    assert.deepEqual(
      back.map(([, time]) => time),
      events.map((_, i) => (i === 0 ? T0 + 99 : T0 + i)),
    );
    assert.ok(back.every(([event]) => Object.isFrozen(event)));
    assert.throws(() => writer(events[0]!), /the file is closed/);
  });

  test("a replay prints exactly the summary of the live run", async () => {
    const path = join(dir, "run.jsonl");
    const writer = jsonlEventWriter(path);
    const live = captureLogger();
    feed(logSummary(writer, { logger: live.logger }), computationSteps());
    writer.close();
    const again = captureLogger();
    const count = await replayEvents(path, logSummary(null, { logger: again.logger, now: () => 0 }));
    assert.equal(count, computationSteps().length);
    assert.ok(live.entries.length > 15);
    assert.deepEqual(lines(again.entries), lines(live.entries));
    const text = again.entries.map((x) => x.message);
    assert.ok(text.includes("Computation finished in 4.3s"), "durations come from the recorded times");
    assert.ok(text.some((m) => m.startsWith("Expiration time for your tasks is set to 3 min 0 sec")));
    assert.ok(text.includes("Total cost: 0.013"));
    assert.ok(text.includes("Activity failed on provider 'gamma', reason: the provider went away"));
  });

  test("append adds to a log; blank lines are skipped", async () => {
    const path = join(dir, "append.jsonl");
    const first = jsonlEventWriter(path);
    first(sampleEvent("DownloadStarted"), 1);
    first.close();
    const second = jsonlEventWriter(path, { append: true });
    second(sampleEvent("DownloadFinished"), 2);
    second.close();
    writeFileSync(path, `${readFileSync(path, "utf8")}\n  \n`);
    assert.deepEqual(
      (await replayed(path)).map(([event, time]) => [event.type, time]),
      [
        ["DownloadStarted", 1],
        ["DownloadFinished", 2],
      ],
    );
    const again = jsonlEventWriter(path);
    again.close();
    assert.equal(readFileSync(path, "utf8"), "", "without append the log starts empty");
  });

  test("a bad line fails with its number, after the lines before it were replayed", async () => {
    const good = JSON.stringify({ time: 1, event: sampleEvent("DownloadStarted") });
    const cases: [string, RegExp][] = [
      ["{not json", /:2: not JSON/],
      [JSON.stringify({ event: sampleEvent("DownloadStarted") }), /:2: expected \{"time"/],
      [JSON.stringify({ time: 1, event: { type: "Nope" } }), /:2: the event has no known event type/],
      [
        JSON.stringify({ time: 1, event: { type: "TaskAccepted", taskId: 3, result: 1 } }),
        /:2: Invalid TaskAccepted event, field taskId/,
      ],
      [
        JSON.stringify({
          time: 1,
          event: { type: "PaymentAccepted", agrId: "a", invId: "i", amount: "lots" },
        }),
        /field amount/,
      ],
      [
        JSON.stringify({ time: 1, event: { type: "DownloadStarted", path: "/x", extra: 1 } }),
        /field extra: not a field/,
      ],
      ["[1,2]", /:2: expected \{"time"/],
    ];
    for (const [bad, message] of cases) {
      const path = join(dir, "bad.jsonl");
      writeFileSync(path, `${good}\n${bad}\n${good}\n`);
      const seen: string[] = [];
      const error = await replayEvents(path, (event) => void seen.push(event.type)).then(
        () => assert.fail(`accepted ${bad}`),
        (e: unknown) => e,
      );
      assert.ok(error instanceof EventLogFormatError, String(error));
      assert.match(error.message, message);
      assert.equal(error.line, 2);
      assert.equal(error.path, path);
      assert.deepEqual(seen, ["DownloadStarted"]);
    }
  });

  test("refuses bad arguments and missing files", async () => {
    assert.throws(() => jsonlEventWriter(""), /path must be a file path/);
    await assert.rejects(
      replayEvents(join(dir, "missing.jsonl"), () => {}),
      /ENOENT/,
    );
    await assert.rejects(replayEvents(join(dir, "all.jsonl"), "x" as never), /consumer must be a function/);
  });

  test("awaits an async consumer before the next event", async () => {
    const path = join(dir, "async.jsonl");
    const writer = jsonlEventWriter(path);
    for (const type of ["DownloadStarted", "DownloadFinished"] as const) writer(sampleEvent(type), 5);
    writer.close();
    const order: string[] = [];
    await replayEvents(path, async (event) => {
      order.push(`start ${event.type}`);
      await new Promise((resolve) => setImmediate(resolve));
      order.push(`end ${event.type}`);
    });
    assert.deepEqual(order, [
      "start DownloadStarted",
      "end DownloadStarted",
      "start DownloadFinished",
      "end DownloadFinished",
    ]);
  });
});
