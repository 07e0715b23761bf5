import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "../clock.js";
import { Notifier } from "../notifier.js";
import { type Paging, page } from "./query.js";

/** The filter names of payment events (`X-Requestor-Events` / `X-Provider-Events`). */
export type EventName =
  | "RECEIVED"
  | "ACCEPTED"
  | "REJECTED"
  | "CANCELLED"
  | "SETTLED"
  | "PAYMENT_EVENT"
  | "PAYMENT_OK";

const TYPE_SUFFIX: Record<EventName, string> = {
  RECEIVED: "ReceivedEvent",
  ACCEPTED: "AcceptedEvent",
  REJECTED: "RejectedEvent",
  CANCELLED: "CancelledEvent",
  SETTLED: "SettledEvent",
  PAYMENT_EVENT: "PaymentStatusEvent",
  PAYMENT_OK: "PaymentOkEvent",
};

/** What a requestor sees when it sends no `X-Requestor-Events` header. */
export const DEFAULT_REQUESTOR_EVENTS: readonly EventName[] = ["RECEIVED", "CANCELLED"];

interface LoggedEvent {
  name: EventName;
  dateMs: number;
  appSessionId?: string;
  json: Record<string, unknown>;
}

/** Which events a call asks for. */
export interface EventQuery extends Paging {
  names: ReadonlySet<string>;
  appSessionId?: string;
}

/**
 * The persistent event stream of one document kind (debit notes or invoices): events
 * are kept, ordered by their strictly increasing `eventDate`, and served to any number
 * of readers by `afterTimestamp`, `maxEvents`, `appSessionId` and the event-name filter.
 *
 * @example
 * const log = new EventLog("DebitNote", "debitNoteId", clock);
 * log.append(noteId, "RECEIVED", appSessionId);
 * await log.wait({ names: new Set(["RECEIVED"]), afterMs }, 5000, signal);
 */
export class EventLog {
  readonly #events: LoggedEvent[] = [];
  readonly #changed = new Notifier();

  constructor(
    private readonly prefix: "DebitNote" | "Invoice",
    private readonly idKey: "debitNoteId" | "invoiceId",
    private readonly clock: Clock,
  ) {}

  /** Records an event now; `extra` adds fields such as `rejection` or `property`. */
  append(
    docId: string,
    name: EventName,
    appSessionId: string | undefined,
    extra: Record<string, unknown> = {},
  ): number {
    const dateMs = this.clock.eventTime();
    const json = {
      [this.idKey]: docId,
      eventDate: this.clock.iso(dateMs),
      eventType: `${this.prefix}${TYPE_SUFFIX[name]}`,
      ...extra,
    };
    const event: LoggedEvent = { name, dateMs, json };
    if (appSessionId !== undefined) event.appSessionId = appSessionId;
    this.#events.push(event);
    this.#changed.notify();
    return dateMs;
  }

  /** Matching events, oldest first. */
  query(q: EventQuery): Record<string, unknown>[] {
    const matching = this.#events.filter(
      (e) => q.names.has(e.name) && (q.appSessionId === undefined || e.appSessionId === q.appSessionId),
    );
    return page(matching, (e) => e.dateMs, q).map((e) => e.json);
  }

  /** Long poll: matching events at once if any, else the first to come within `timeoutMs`, else `[]`. */
  async wait(q: EventQuery, timeoutMs: number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const opts = signal ? { timeoutMs, signal } : { timeoutMs };
    const found = await this.#changed.waitFor(() => {
      const events = this.query(q);
      return events.length > 0 ? events : undefined;
    }, opts);
    return found ?? [];
  }
}

/**
 * The event names a requestor asked for with `X-Requestor-Events` (comma-separated), or
 * the daemon's default. Unknown names are kept: like the daemon, they just match nothing.
 *
 * @example
 * requestorEventNames({ "x-requestor-events": "RECEIVED,SETTLED" }); // Set {"RECEIVED", "SETTLED"}
 */
export function requestorEventNames(headers: IncomingHttpHeaders): Set<string> {
  const raw = headers["x-requestor-events"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  if (value === undefined) return new Set(DEFAULT_REQUESTOR_EVENTS);
  return new Set(value.split(",").map((s) => s.trim()));
}
