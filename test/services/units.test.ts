import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { type PersistentEventSource, pagePersistentEvents } from "../../services/http/event-pager.js";
import { fromMicros, parseDate, toMicros } from "../../services/http/timestamps.js";
import {
  ApiError,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  decimalString,
  pickSrv,
  RequestTimeoutError,
  retryCaseOf,
  TransportError,
  toDecimal,
} from "../../services/index.js";

describe("retry policy", () => {
  test("classifies the intermittent cases and nothing else", () => {
    const api = (status: number, message: string | null = null) =>
      new ApiError("activity", "GET", "/x", status, message, null);
    assert.equal(retryCaseOf(api(408)), "timeout");
    assert.equal(retryCaseOf(api(504)), "timeout");
    assert.equal(
      retryCaseOf(api(500, "GSB error: GSB failure: Bad request: endpoint address not found: /net/0x1")),
      "gsb",
    );
    assert.equal(retryCaseOf(api(500, "Internal server error")), undefined);
    assert.equal(retryCaseOf(api(404)), undefined);
    assert.equal(retryCaseOf(api(410)), undefined);
    assert.equal(retryCaseOf(new TransportError("market", "GET", "/x", "ECONNRESET", "reset")), "reset");
    assert.equal(
      retryCaseOf(new TransportError("market", "GET", "/x", "UND_ERR_SOCKET", "other side closed")),
      "reset",
    );
    assert.equal(
      retryCaseOf(new TransportError("market", "GET", "/x", "ECONNREFUSED", "refused")),
      undefined,
    );
    assert.equal(retryCaseOf(new RequestTimeoutError("market", "GET", "/x", 5)), undefined);
    assert.equal(retryCaseOf(new Error("other")), undefined);
  });

  test("backoff grows exponentially, is capped, and jitters down by at most a quarter", () => {
    const none = () => 0;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_RETRY_POLICY, none)),
      [200, 400, 800, 1600, 3000, 3000],
    );
    assert.equal(
      backoffDelay(2, DEFAULT_RETRY_POLICY, () => 1),
      300,
    );
  });
});

describe("timestamps", () => {
  test("microsecond precision in and out, with and without a zone", () => {
    assert.equal(toMicros("1970-01-01T00:00:01.0000015Z"), 1_000_001n);
    assert.equal(toMicros("1970-01-01T00:00:01Z"), 1_000_000n);
    assert.equal(toMicros("1970-01-01T01:00:01.5+01:00"), 1_500_000n);
    assert.equal(toMicros("2024-05-01T10:00:00.123456789"), toMicros("2024-05-01T10:00:00.123456Z"));
    assert.equal(toMicros("yesterday"), undefined);
    assert.equal(fromMicros(1_000_001n), "1970-01-01T00:00:01.000001Z");
    const t = "2025-11-28T08:41:12.345678Z";
    assert.equal(fromMicros(toMicros(t)!), t);
    assert.equal(fromMicros(toMicros(t)! - 1n), "2025-11-28T08:41:12.345677Z");
    assert.equal(parseDate("2024-05-01T10:00:00.123456789").toISOString(), "2024-05-01T10:00:00.123Z");
  });
});

describe("money", () => {
  test("reads strings and numbers, writes plain decimal strings without losing digits", () => {
    assert.equal(toDecimal("13.14000").toFixed(), "13.14");
    assert.equal(toDecimal(5).toFixed(), "5");
    assert.equal(decimalString(new Decimal("1e-18")), "0.000000000000000001");
    assert.equal(decimalString("0.000123456789012345678"), "0.000123456789012345678");
    assert.equal(decimalString(1.5), "1.5");
    assert.throws(() => toDecimal("ten", "totalAmount"), /totalAmount: not a decimal amount: "ten"/);
    assert.throws(() => toDecimal(null), TypeError);
    assert.throws(() => toDecimal(Number.NaN), TypeError);
  });
});

describe("pickSrv", () => {
  const rec = (name: string, priority: number, weight: number) => ({ name, port: 8000, priority, weight });
  test("lowest priority wins; weight splits the rest", () => {
    const records = [rec("backup", 10, 100), rec("a", 0, 1), rec("b", 0, 3)];
    assert.equal(pickSrv(records, () => 0)?.name, "a");
    assert.equal(pickSrv(records, () => 0.5)?.name, "b");
    assert.equal(pickSrv([rec("z", 0, 0), rec("y", 0, 0)], () => 0.9)?.name, "y");
    assert.equal(pickSrv([]), undefined);
  });
});

/** A persistent event store answering as the daemon does: strictly after, ascending, capped. */
function fakeFeed(events: { id: string; eventDate: string }[]): PersistentEventSource<{
  id: string;
  eventDate: string;
}> & {
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    async fetch(after, maxEvents) {
      calls.push(after);
      const a = toMicros(after)!;
      return events
        .filter((e) => toMicros(e.eventDate)! > a)
        .sort((x, y) => Number(toMicros(x.eventDate)! - toMicros(y.eventDate)!))
        .slice(0, maxEvents);
    },
    dateOf: (e) => e.eventDate,
    keyOf: (e) => e.id,
    maxPageSize: 12,
    api: "payment",
  };
}

describe("pagePersistentEvents", () => {
  test("no event is lost or repeated when equal timestamps straddle a page boundary", async () => {
    const at = (s: number, us = 0) =>
      `2030-01-01T00:00:${String(s).padStart(2, "0")}.${String(us).padStart(6, "0")}Z`;
    const events = [
      { id: "e1", eventDate: at(1) },
      { id: "e2", eventDate: at(2) },
      { id: "e3", eventDate: at(3, 5) },
      { id: "e4", eventDate: at(3, 5) },
      { id: "e5", eventDate: at(3, 5) },
      { id: "e6", eventDate: at(3, 5) },
      { id: "e7", eventDate: "2030-01-01T00:00:04.000000123Z" },
      { id: "e8", eventDate: "2030-01-01T00:00:04.000000456Z" },
      { id: "e9", eventDate: at(5) },
    ];
    const feed = fakeFeed(events);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const e of pagePersistentEvents(feed, {
      since: "2029-12-31T00:00:00Z",
      maxEvents: 3,
      idleDelayMs: 1,
      signal: controller.signal,
    })) {
      seen.push(e.id);
      if (seen.length === events.length) controller.abort();
    }
    assert.deepEqual(
      seen,
      events.map((e) => e.id),
    );
    assert.equal(feed.calls[0], "2029-12-31T00:00:00Z");
    // After a full page ending at 00:00:03.000005 the next call starts one microsecond earlier.
    assert.ok(feed.calls.includes("2030-01-01T00:00:03.000004Z"), feed.calls.join(" "));
  });

  test("after a partial page it asks strictly after the last date, and picks up new events", async () => {
    const events = [{ id: "a", eventDate: "2030-01-01T00:00:01.000001Z" }];
    const feed = fakeFeed(events);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const e of pagePersistentEvents(feed, {
      since: "2030-01-01T00:00:00Z",
      idleDelayMs: 1,
      signal: controller.signal,
    })) {
      seen.push(e.id);
      if (e.id === "a") events.push({ id: "b", eventDate: "2030-01-01T00:00:02Z" });
      if (e.id === "b") controller.abort();
    }
    assert.deepEqual(seen, ["a", "b"]);
    assert.equal(feed.calls[1], "2030-01-01T00:00:01.000001Z");
  });

  test("time-outs are ridden out; other errors end the feed; the signal ends it quietly", async () => {
    let n = 0;
    const source: PersistentEventSource<{ eventDate: string }> = {
      async fetch() {
        n++;
        if (n === 1) throw new RequestTimeoutError("payment", "GET", "/invoiceEvents", 10);
        if (n === 2) throw new ApiError("payment", "GET", "/invoiceEvents", 504, "Timeout", null);
        throw new ApiError("payment", "GET", "/invoiceEvents", 500, "boom", null);
      },
      dateOf: (e) => e.eventDate,
      keyOf: (e) => e.eventDate,
      maxPageSize: 100,
      api: "payment",
    };
    await assert.rejects(async () => {
      for await (const _ of pagePersistentEvents(source, { idleDelayMs: 1 })) break;
    }, /boom/);
    assert.equal(n, 3);
    const stopped = new AbortController();
    stopped.abort();
    const none: unknown[] = [];
    for await (const e of pagePersistentEvents(source, { signal: stopped.signal })) none.push(e);
    assert.deepEqual(none, []);
    await assert.rejects(pagePersistentEvents(source, { since: "soon" }).next(), RangeError);
  });
});
