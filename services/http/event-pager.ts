import type { RestApiName } from "./errors.js";
import { restLogger } from "./logging.js";
import { idlePause, isPollTimeout, untilAborted } from "./long-poll.js";
import { fromMicros, toMicros } from "./timestamps.js";

/** What the pager needs to know about one kind of persistent event. */
export interface PersistentEventSource<E> {
  /** One long-poll call: events strictly after `afterTimestamp`, ascending, at most `maxEvents`. */
  fetch(afterTimestamp: string, maxEvents: number, signal: AbortSignal | undefined): Promise<E[]>;
  /** The event's `eventDate`. */
  dateOf(event: E): string;
  /** What makes an event unique among events of the same date (type and document id). */
  keyOf(event: E): string;
  /** The largest `maxEvents` the endpoint takes (the market refuses more than 100). */
  maxPageSize: number;
  /** For the warning when a page cannot be read whole. */
  api: RestApiName;
}

/** Options of `pagePersistentEvents`. */
export interface PagerOptions {
  /** Start after this RFC 3339 time (default: now, as yapapi does). */
  since?: string;
  /** Events per call. Default 100. */
  maxEvents?: number;
  /** How long the daemon waits per call, ms (needed for the idle guard). Default 5000. */
  pollTimeoutMs?: number;
  /** Pause after an empty answer that came back too fast, ms. Default 1000. */
  idleDelayMs?: number;
  /** Ends the iteration quietly. */
  signal?: AbortSignal;
}

/**
 * Reads a persistent event feed (agreement, debit-note and invoice events) page by page
 * with `afterTimestamp`, so that no event is lost or repeated across pages:
 * - after a partial page the next call asks strictly after the last date (no busy re-reads);
 * - after a full page, events sharing the last date may still be waiting, so the next call
 *   asks from one microsecond earlier and drops events it already delivered;
 * - when such a page brings nothing new (more events share one date than a page holds),
 *   the page grows up to the endpoint's limit; only past that limit can events of that one
 *   date be missed, which is logged as a warning.
 * Time-outs (client or 408/504) are ridden out; the signal ends the iteration quietly;
 * other errors end it with the error.
 *
 * @example
 * for await (const ev of pagePersistentEvents(source, { signal })) console.log(ev);
 */
export async function* pagePersistentEvents<E>(
  source: PersistentEventSource<E>,
  opts: PagerOptions = {},
): AsyncGenerator<E> {
  const maxEvents = opts.maxEvents ?? 100;
  const pollTimeoutMs = opts.pollTimeoutMs ?? 5000;
  let cursorText = opts.since ?? new Date().toISOString();
  let cursor = toMicros(cursorText);
  if (cursor === undefined)
    throw new RangeError(`since must be an RFC 3339 timestamp, got ${JSON.stringify(cursorText)}`);
  let seenAtCursor = new Set<string>();
  let overlap = false;
  let pageSize = maxEvents;

  while (!opts.signal?.aborted) {
    const after = overlap ? fromMicros(cursor - 1n) : cursorText;
    const started = Date.now();
    let page: E[];
    try {
      const r = await untilAborted(opts.signal, () => source.fetch(after, pageSize, opts.signal));
      if (r.aborted) return;
      page = r.value;
    } catch (err) {
      if (isPollTimeout(err)) continue;
      throw err;
    }
    const dated = page
      .map((event, order) => ({ event, order, at: toMicros(source.dateOf(event)) }))
      .filter((d): d is { event: E; order: number; at: bigint } => d.at !== undefined)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
    let delivered = 0;
    for (const { event, at } of dated) {
      if (at < cursor) continue;
      const key = source.keyOf(event);
      if (at === cursor && seenAtCursor.has(key)) continue;
      if (at > cursor) {
        cursor = at;
        cursorText = source.dateOf(event);
        seenAtCursor = new Set();
      }
      seenAtCursor.add(key);
      delivered++;
      yield event;
    }
    if (page.length < pageSize) {
      overlap = false;
      pageSize = maxEvents;
    } else if (overlap && delivered === 0) {
      if (pageSize < source.maxPageSize) {
        pageSize = Math.min(source.maxPageSize, pageSize * 2);
        continue;
      }
      restLogger(source.api).warn(
        `more than ${pageSize} events share the date ${cursorText}; events of that date may be missed`,
      );
      overlap = false;
    } else {
      overlap = true;
    }
    const r = await untilAborted(opts.signal, () =>
      idlePause(page.length, started, pollTimeoutMs, opts.idleDelayMs ?? 1000, opts.signal),
    );
    if (r.aborted) return;
  }
}
