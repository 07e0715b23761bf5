import { parseTimestamp } from "../clock.js";
import { HttpError, intParam } from "../http.js";

/** The paging filter the payment lists and event streams share. */
export interface Paging {
  /** Only records strictly later than this (ms), when given. */
  afterMs?: number;
  /** At most this many, when given. */
  limit?: number;
}

/**
 * Reads `afterTimestamp` (RFC 3339) as milliseconds.
 *
 * @example
 * afterTimestamp(new URLSearchParams("afterTimestamp=2024-05-01T10:00:00.123Z")); // 1714557600123
 */
export function afterTimestamp(query: URLSearchParams): number | undefined {
  const raw = query.get("afterTimestamp");
  if (raw === null || raw === "") return undefined;
  const ms = parseTimestamp(raw);
  if (ms === undefined)
    throw new HttpError(400, `Invalid afterTimestamp '${raw}', should be an RFC 3339 date-time.`);
  return ms;
}

/**
 * `afterTimestamp` plus a count limit (`maxItems` for lists, `maxEvents` for events);
 * the payment API has no default limit and no upper bound.
 *
 * @example
 * const { afterMs, limit } = paging(req.query, "maxItems");
 */
export function paging(query: URLSearchParams, limitName: "maxItems" | "maxEvents"): Paging {
  const out: Paging = {};
  const afterMs = afterTimestamp(query);
  if (afterMs !== undefined) out.afterMs = afterMs;
  const limit = intParam(query, limitName, { min: 0 });
  if (limit !== undefined) out.limit = limit;
  return out;
}

/**
 * Applies a paging filter to records in time order.
 *
 * @example
 * page(notes, (n) => n.timestampMs, { afterMs, limit: 10 });
 */
export function page<T>(records: readonly T[], time: (r: T) => number, p: Paging): T[] {
  const after = p.afterMs;
  const kept = after === undefined ? [...records] : records.filter((r) => time(r) > after);
  kept.sort((a, b) => time(a) - time(b));
  return p.limit === undefined ? kept : kept.slice(0, p.limit);
}
