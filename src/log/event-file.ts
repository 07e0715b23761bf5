import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { InvalidEventError } from "../errors.js";
import { isEventType } from "../events/catalogue.js";
import { createEvent } from "../events/create.js";
import type { ComputationEvent } from "../events/types.js";
import type { EventConsumer } from "./summary-logger.js";
import { SyncFile } from "./sync-file.js";

/** One line of an event log file. */
export interface EventLogEntry {
  /** When the event was logged, epoch ms. */
  readonly time: number;
  readonly event: ComputationEvent;
}

/**
 * A line of an event log that is not a valid entry; names the file and the line.
 *
 * @example
 * try { await replayEvents("events.jsonl", logSummary()); }
 * catch (e) { if (e instanceof EventLogFormatError) console.error(`bad line ${e.line}: ${e.detail}`); }
 */
export class EventLogFormatError extends Error {
  override readonly name = "EventLogFormatError";
  constructor(
    readonly path: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${path}:${line}: ${detail}`);
  }
}

/** An event consumer that writes the events to a file; `close()` when done. */
export interface EventLogWriter {
  (event: ComputationEvent, time?: number): void;
  readonly path: string;
  /** Closes the file; events after that throw. */
  close(): void;
}

/** Options of `jsonlEventWriter`. */
export interface EventLogWriterOptions {
  /** Append to an existing file instead of truncating it. */
  append?: boolean;
  /** The clock for events that come without a time; default `Date.now`. */
  now?: () => number;
}

/**
 * An event consumer writing each event as one JSON line `{"time": <epoch ms>, "event":
 * {...}}` (events are JSON already: amounts as decimal strings, errors as `ErrorInfo`).
 * Each line is written before the call returns, so the file holds every event up to a
 * crash; `replayEvents` reads it back.
 *
 * @example
 * const events = jsonlEventWriter("events.jsonl");
 * const executor = new Executor({ ...options, eventConsumer: logSummary(events) });
 * // ... after the computation:
 * events.close();
 */
export function jsonlEventWriter(path: string, options: EventLogWriterOptions = {}): EventLogWriter {
  if (typeof path !== "string" || path === "")
    throw new TypeError("jsonlEventWriter(): path must be a file path (a non-empty string)");
  const file = new SyncFile(path, options.append ? "a" : "w");
  const now = options.now ?? Date.now;
  const write = (event: ComputationEvent, time?: number): void => {
    const entry: EventLogEntry = { time: time ?? now(), event };
    file.write(`${JSON.stringify(entry)}\n`);
  };
  return Object.assign(write, { path, close: () => file.close() });
}

/**
 * Reads one line of an event log into an entry, checking the event against the catalogue;
 * throws `EventLogFormatError` naming the line.
 *
 * @example
 * parseEventLine('{"time":1,"event":{"type":"DownloadStarted","path":"/out"}}', "events.jsonl", 1);
 */
export function parseEventLine(text: string, path: string, line: number): EventLogEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EventLogFormatError(path, line, `not JSON: ${(error as Error).message}`);
  }
  const { time, event } = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (typeof time !== "number" || !Number.isFinite(time))
    throw new EventLogFormatError(path, line, 'expected {"time": <epoch ms>, "event": {...}}');
  if (typeof event !== "object" || event === null || !isEventType((event as { type?: unknown }).type))
    throw new EventLogFormatError(path, line, "the event has no known event type");
  const { type, ...fields } = event as { type: ComputationEvent["type"] } & Record<string, unknown>;
  try {
    // createEvent checks every field against the catalogue; the init type is per event type.
    return { time, event: (createEvent as (t: string, init: unknown) => ComputationEvent)(type, fields) };
  } catch (error) {
    if (error instanceof InvalidEventError) throw new EventLogFormatError(path, line, error.message);
    throw error;
  }
}

/**
 * Reads an event log written by `jsonlEventWriter` and hands each event, with its time, to
 * `consumer` in order (awaiting it when it returns a promise), e.g. to rebuild a summary:
 * `replayEvents("events.jsonl", logSummary())`. Blank lines are skipped; a bad line throws
 * `EventLogFormatError` after the events before it were replayed. Resolves to the number
 * of events replayed.
 *
 * @example
 * const n = await replayEvents("events.jsonl", logSummary());
 */
export async function replayEvents(path: string, consumer: EventConsumer): Promise<number> {
  if (typeof consumer !== "function") throw new TypeError("replayEvents(): consumer must be a function");
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  let count = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === "") continue;
      const entry = parseEventLine(text, path, line);
      await consumer(entry.event, entry.time);
      count += 1;
    }
  } finally {
    lines.close();
  }
  return count;
}
