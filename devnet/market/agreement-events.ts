import type { Reason } from "../context.js";
import { Notifier } from "../notifier.js";
import type { AgreementEventRecord, AgreementRecord } from "./model.js";

/** Index of the first event with `eventDate > after` in a list sorted by eventDate. */
function firstAfter(list: AgreementEventRecord[], after: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.eventDate > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The persistent agreement event stream (yagna-protocol.md 2.6). Events are never
 * consumed: readers page with `afterTimestamp`, compared strictly. Every event has its
 * own millisecond (`Clock.eventTime()`), so lists stay sorted and a binary search finds
 * a cursor's place whatever the history's length; each appSessionId has its own list.
 *
 * @example
 * const log = new AgreementEventLog();
 * log.add({ eventType: "AgreementApprovedEvent", eventDate: ctx.clock.eventTime(), agreementId });
 * log.after(0, 20); // [that event]
 */
export class AgreementEventLog {
  readonly #all: AgreementEventRecord[] = [];
  readonly #bySession = new Map<string, AgreementEventRecord[]>();
  /** Wakes `GET /agreementEvents` long polls. */
  readonly changed = new Notifier();

  add(event: AgreementEventRecord): void {
    this.#all.push(event);
    if (event.appSessionId !== undefined) {
      const list = this.#bySession.get(event.appSessionId) ?? [];
      list.push(event);
      this.#bySession.set(event.appSessionId, list);
    }
    this.changed.notify();
  }

  /** Records an event of an agreement under its current appSessionId; returns it. */
  record(
    a: AgreementRecord,
    eventType: AgreementEventRecord["eventType"],
    eventDate: number,
    reason?: Reason,
    terminator?: "Requestor" | "Provider",
  ): AgreementEventRecord {
    const event: AgreementEventRecord = { eventType, eventDate, agreementId: a.agreementId };
    if (a.appSessionId !== undefined) event.appSessionId = a.appSessionId;
    if (reason) event.reason = reason;
    if (terminator) event.terminator = terminator;
    this.add(event);
    return event;
  }

  /** Up to `max` events strictly after `after` (ms), oldest first, optionally of one session. */
  after(after: number, max: number, appSessionId?: string): AgreementEventRecord[] {
    const list = appSessionId === undefined ? this.#all : (this.#bySession.get(appSessionId) ?? []);
    const start = firstAfter(list, after);
    return list.slice(start, start + max);
  }
}
