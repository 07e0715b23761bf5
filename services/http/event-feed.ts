import type { RestApiName } from "./errors.js";
import { pagePersistentEvents } from "./event-pager.js";
import { asArray } from "./guards.js";
import type { RestClient, RestRequest } from "./rest-client.js";
import { rfc3339 } from "./timestamps.js";

/** Options of a persistent event feed (agreement, debit-note and invoice events). */
export interface PersistentEventOptions {
  /** Start after this time (default: now). */
  since?: Date | string;
  /** Only events of agreements confirmed with this session id. */
  appSessionId?: string;
  /** How long the daemon may hold each call, ms. Default 5000. */
  pollTimeoutMs?: number;
  /** Events per call. Default 100. */
  maxEvents?: number;
  /** Ends the iteration quietly. */
  signal?: AbortSignal;
}

/**
 * The daemon's persistent event endpoints all take the same long-poll query
 * (`timeout`, `afterTimestamp`, `maxEvents`, `appSessionId`); this reads one of them
 * through the pager, each event once and in order.
 *
 * @example
 * const feed = persistentEvents<InvoiceEvent>(client, "/invoiceEvents",
 *   { keyOf: (e) => `${e.eventType}/${e.invoiceId}`, maxPageSize: 1000, api: "payment" }, { signal });
 */
export function persistentEvents<E extends { eventDate: string }>(
  client: RestClient,
  path: string,
  source: { keyOf: (event: E) => string; maxPageSize: number; api: RestApiName },
  opts: PersistentEventOptions,
): AsyncGenerator<E> {
  const pollTimeoutMs = opts.pollTimeoutMs ?? 5000;
  return pagePersistentEvents<E>(
    {
      fetch: async (afterTimestamp, maxEvents, signal) => {
        const req: RestRequest = {
          method: "GET",
          path,
          query: {
            timeout: pollTimeoutMs / 1000,
            afterTimestamp,
            maxEvents,
            appSessionId: opts.appSessionId,
          },
          longPollMs: pollTimeoutMs,
          signal,
        };
        return asArray<E>((await client.request(req)).body, client.site(req));
      },
      dateOf: (e) => e.eventDate,
      ...source,
    },
    {
      since: opts.since && rfc3339(opts.since),
      maxEvents: opts.maxEvents ?? 100,
      pollTimeoutMs,
      signal: opts.signal,
    },
  );
}
