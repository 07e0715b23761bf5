/**
 * RFC 3339 timestamps at microsecond precision. The daemon writes event dates with six to
 * nine fraction digits, which JavaScript's Date (milliseconds) would blur; paging by
 * `afterTimestamp` needs the exact order, so these helpers work on BigInt microseconds.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * Microseconds since the Unix epoch (floored), or undefined when `text` is not RFC 3339.
 * A timestamp without a zone is UTC (the SSE stream's naive timestamps are).
 *
 * @example
 * toMicros("1970-01-01T00:00:01.0000015Z"); // 1000001n
 */
export function toMicros(text: string): bigint | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [, day, hh, mm, ss, frac = "", zone = "Z"] = m;
  const zoneText =
    zone === "Z" || zone === "z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const seconds = Date.parse(`${day}T${hh}:${mm}:${ss}${zoneText}`);
  if (Number.isNaN(seconds)) return undefined;
  const micros = BigInt((frac + "000000").slice(0, 6));
  return BigInt(seconds) * 1000n + micros;
}

/**
 * Formats epoch microseconds as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
 *
 * @example
 * fromMicros(1000001n); // "1970-01-01T00:00:01.000001Z"
 */
export function fromMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - ms * 1000n;
  const base = new Date(Number(ms)).toISOString(); // ...SS.mmmZ
  return `${base.slice(0, 23)}${rest.toString().padStart(3, "0")}Z`;
}

/**
 * A Date or an RFC 3339 string as the daemon's query parameters take it.
 *
 * @example
 * rfc3339(new Date(0)); // "1970-01-01T00:00:00.000Z"
 */
export function rfc3339(value: Date | string): string {
  return typeof value === "string" ? value : value.toISOString();
}

/**
 * Parses a daemon timestamp into a Date (millisecond precision), accepting a missing zone.
 *
 * @example
 * parseDate("2024-05-01T10:00:00.123456789").toISOString(); // "2024-05-01T10:00:00.123Z"
 */
export function parseDate(text: string): Date {
  const micros = toMicros(text);
  return micros === undefined ? new Date(Number.NaN) : new Date(Number(micros / 1000n));
}
