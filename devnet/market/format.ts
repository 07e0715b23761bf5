/**
 * Text formats that appear inside the daemon's and ya-provider's messages: clients
 * show these strings to users, so they are reproduced as the Rust libraries print them.
 */

const UNITS: [number, string, boolean][] = [
  [31_557_600, "year", true],
  [2_630_016, "month", true],
  [86_400, "day", true],
  [3_600, "h", false],
  [60, "m", false],
  [1, "s", false],
];

/**
 * A duration as humantime's `format_duration` prints it (ya-provider's messages).
 *
 * @example
 * humanDuration(300); // "5m"
 * humanDuration(90); // "1m 30s"
 * humanDuration(100 * 31_557_600); // "100years"
 */
export function humanDuration(seconds: number): string {
  let rest = Math.floor(seconds);
  const ms = Math.round((seconds - rest) * 1000);
  const parts: string[] = [];
  for (const [size, name, plural] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${name}${plural && n > 1 ? "s" : ""}`);
  }
  if (ms > 0) parts.push(`${ms}ms`);
  return parts.length > 0 ? parts.join(" ") : "0s";
}

/**
 * A UTC time as chrono's `DateTime<Utc>` Display prints it.
 *
 * @example
 * chronoUtc(Date.UTC(2024, 4, 1, 10)); // "2024-05-01 10:00:00 UTC"
 */
export function chronoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = ms % 1000 === 0 ? "" : iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction} UTC`;
}

/**
 * A UTC time as chrono's `to_rfc3339()` prints it.
 *
 * @example
 * chronoRfc3339(Date.UTC(2024, 4, 1, 10)); // "2024-05-01T10:00:00+00:00"
 */
export function chronoRfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = ms % 1000 === 0 ? "" : iso.slice(19, 23);
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

/**
 * `Some(SubscriptionId { .. })` as Rust's Debug prints it in "proposal not found" messages.
 *
 * @example
 * debugSubscription("ab-cd"); // 'Some(SubscriptionId { random_id: "ab", hash: "cd" })'
 */
export function debugSubscription(subscriptionId: string): string {
  const [random, hash] = subscriptionId.split("-");
  return `Some(SubscriptionId { random_id: "${random}", hash: "${hash}" })`;
}
