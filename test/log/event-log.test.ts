// logEvent and logEventRepr (every event type described, with its fields and its error's
// stack, only when debug is on), the stable repr, and the text helpers of yapapi 0.5.1+.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { createEvent, describeEvent, EVENT_CATALOGUE, EVENT_TYPES } from "../../src/events/index.js";
import {
  EVENTS_LOGGER,
  eventRepr,
  formatEvent,
  logEvent,
  logEventRepr,
  pluralize,
  strCapped,
  useRootLogger,
} from "../../src/log/index.js";
import { captureLogger, sampleEvent } from "./helpers.js";

afterEach(() => useRootLogger(null));

describe("logEvent", () => {
  test("describes every event type at debug level on yatsapi.events, then its fields", () => {
    const { logger, entries } = captureLogger();
    useRootLogger(logger);
    for (const type of EVENT_TYPES) logEvent(sampleEvent(type));
    assert.equal(entries.length, EVENT_TYPES.length);
    entries.forEach((entry, i) => {
      const type = EVENT_TYPES[i]!;
      const event = sampleEvent(type);
      assert.equal(entry.level, "debug");
      assert.equal(entry.logger, EVENTS_LOGGER);
      assert.ok(entry.message.startsWith(`${describeEvent(event)}; `), entry.message);
      assert.ok(describeEvent(event).startsWith(EVENT_CATALOGUE[type].title), type);
      for (const field of Object.keys(EVENT_CATALOGUE[type].fields))
        assert.ok(entry.message.includes(`; ${field} = `), `${type}.${field}: ${entry.message}`);
      assert.doesNotMatch(entry.message, /undefined|\[object Object\]/, type);
    });
  });

  test("writes strings as they are, other values as JSON, errors as 'Name: message' with the stack", () => {
    const { logger, entries } = captureLogger();
    useRootLogger(logger);
    logEvent(createEvent("TaskAccepted", { taskId: "1", result: "output_0.png" }));
    const error = new TypeError("no such file");
    logEvent(createEvent("WorkerFinished", { agrId: "a1", excInfo: error }));
    logEvent(createEvent("TaskStarted", { taskId: "2", agrId: "a1", taskData: { frame: 2 } }));
    assert.deepEqual(
      entries.map((x) => x.message),
      [
        "Task accepted (task 1), result: output_0.png; taskId = 1; result = output_0.png",
        "Worker finished with an error (agreement a1): TypeError: no such file; agrId = a1; excInfo = TypeError: no such file",
        'Task started (task 2, agreement a1), data: {"frame":2}; taskId = 2; agrId = a1; taskData = {"frame":2}',
      ],
    );
    assert.equal(entries[1]!.stack, error.stack);
    assert.equal(entries[0]!.stack, null);
    assert.equal(formatEvent(createEvent("ComputationFinished")), "Computation finished; excInfo = null");
  });

  test("writes nothing unless the events logger takes debug entries", () => {
    logEvent(createEvent("ComputationFinished"));
    const { logger, entries } = captureLogger();
    logger.level = "info";
    useRootLogger(logger);
    logEvent(createEvent("ComputationFinished"));
    logEventRepr(createEvent("ComputationFinished"));
    assert.equal(entries.length, 0);
  });
});

describe("logEventRepr", () => {
  test("a stable repr: catalogue field order, sorted JSON keys, errors without their stack", () => {
    const { logger, entries } = captureLogger();
    useRootLogger(logger);
    const a = createEvent("TaskStarted", {
      taskId: "1",
      agrId: "a1",
      taskData: { b: 1, a: [{ y: 2, x: 1 }] },
    });
    const b = createEvent("TaskStarted", {
      agrId: "a1",
      taskData: { a: [{ x: 1, y: 2 }], b: 1 },
      taskId: "1",
    });
    logEventRepr(a);
    const failed = createEvent("WorkerFinished", {
      agrId: "abc",
      excInfo: new Error('Command "run" failed'),
    });
    logEventRepr(failed);
    assert.deepEqual(
      entries.map((x) => [x.level, x.logger, x.message]),
      [
        ["debug", EVENTS_LOGGER, 'TaskStarted(taskId="1", agrId="a1", taskData={"a":[{"x":1,"y":2}],"b":1})'],
        ["debug", EVENTS_LOGGER, 'WorkerFinished(agrId="abc", excInfo=Error("Command \\"run\\" failed"))'],
      ],
    );
    assert.equal(entries[1]!.stack, failed.excInfo!.stack);
    assert.equal(eventRepr(a), eventRepr(b));
    assert.equal(
      eventRepr(createEvent("ProposalRejected", { propId: "p" })),
      'ProposalRejected(propId="p", reason=null, rejection=null)',
    );
    for (const type of EVENT_TYPES) {
      const text = eventRepr(sampleEvent(type));
      assert.ok(text.startsWith(`${type}(`) && text.endsWith(")"), text);
      assert.equal(text, eventRepr(JSON.parse(JSON.stringify(sampleEvent(type)))), type);
    }
  });
});

describe("pluralize and strCapped", () => {
  test("pluralize adds an s unless the count is 1", () => {
    assert.equal(pluralize(0, "task"), "0 tasks");
    assert.equal(pluralize(1, "task"), "1 task");
    assert.equal(pluralize(2, "provider"), "2 providers");
    assert.equal(pluralize(1, "time"), "1 time");
  });

  test("strCapped keeps short text and cuts long text to maxLen with dots", () => {
    assert.equal(strCapped("abcdef", 6), "abcdef");
    assert.equal(strCapped("abcdefg", 6), "abc...");
    assert.equal(strCapped("abcdefg", 3), "...");
    assert.equal(strCapped("abcdefg", 2), "...");
    assert.equal(strCapped("ab", 2), "ab");
    assert.equal(strCapped({ frame: 12 }, 200), '{"frame":12}');
    assert.equal(strCapped(12345, 4), "1...");
    assert.equal(strCapped("x".repeat(300), 200).length, 200);
    assert.throws(() => strCapped("a", -1), /maxLen must be a whole number >= 0/);
    assert.throws(() => strCapped("a", 1.5), RangeError);
  });
});
