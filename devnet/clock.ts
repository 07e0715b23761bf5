/**
 * Time for the devnet: wall-clock milliseconds, the daemon's timestamp formats, and
 * timers that are all cancelled when the devnet stops.
 *
 * Persistent event streams (agreement, debit-note and invoice events) are paged by
 * clients with `afterTimestamp` = the last `eventDate` they saw, compared strictly.
 * Clients such as golem-js round-trip that string through `Date`, which keeps only
 * milliseconds, so every persistent event gets its own whole millisecond: then no
 * cursor can fall between two events and none is lost or repeated.
 *
 * @example
 * const clock = new Clock();
 * clock.iso(clock.eventTime()); // "2026-11-28T09:00:00.123000Z"
 */
export class Clock {
  #lastEvent = 0;
  #timers = new Set<NodeJS.Timeout>();

  /** Milliseconds since the epoch. */
  now(): number {
    return Date.now();
  }

  /** A millisecond timestamp strictly later than every one it returned before. */
  eventTime(): number {
    const t = Math.max(Date.now(), this.#lastEvent + 1);
    this.#lastEvent = t;
    return t;
  }

  /** RFC 3339 with microseconds and `Z`, as chrono serialises `DateTime<Utc>`. */
  iso(ms: number): string {
    return new Date(ms).toISOString().replace("Z", "000Z");
  }

  /** The SSE stream's naive timestamp: nanoseconds and no zone. */
  isoNaive(ms: number): string {
    return new Date(ms).toISOString().replace("Z", "000000");
  }

  /** Runs `fn` after `ms`; the devnet's stop() cancels it if it has not run. */
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(
      () => {
        this.#timers.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    handle.unref?.();
    this.#timers.add(handle);
    return handle;
  }

  clearTimeout(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.#timers.delete(handle);
  }

  /** Cancels every pending timer (devnet shutdown). */
  clearAll(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

/**
 * Parses an RFC 3339 timestamp as the daemon accepts it (any offset, any number of
 * fraction digits) into milliseconds, or undefined when it is not one.
 *
 * @example
 * parseTimestamp("2024-05-01T10:00:00.123456Z"); // 1714557600123
 */
export function parseTimestamp(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[3] ? `.${m[3].slice(1, 4).padEnd(3, "0")}` : "";
  const zone = m[4]!.toUpperCase() === "Z" ? "Z" : m[4]!.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${m[1]}T${m[2]}${fraction}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
