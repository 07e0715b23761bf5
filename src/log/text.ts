/**
 * Counts a thing in English, as yapapi's `pluralize` (0.5.1+): a plain "s" unless the
 * count is exactly 1.
 *
 * @example
 * pluralize(1, "task"); // "1 task"
 * pluralize(3, "provider"); // "3 providers"
 */
export function pluralize(num: number, thing: string): string {
  return `${num} ${thing}${num === 1 ? "" : "s"}`;
}

/**
 * A value as text: strings as they are, anything else as JSON (or `String()` when it has
 * none, e.g. `undefined`). yapapi used Python's `str()`.
 *
 * @example
 * textOf({ frame: 3 }); // '{"frame":3}'
 */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * A value as text of at most `maxLen` characters, as yapapi's `str_capped` (0.5.1+): longer
 * text keeps its first `maxLen - 3` characters and ends with "..."; below 3 there is room
 * for the dots only.
 *
 * @example
 * strCapped("abcdefgh", 6); // "abc..."
 * strCapped({ frame: 3 }, 200); // '{"frame":3}'
 */
export function strCapped(value: unknown, maxLen: number): string {
  if (!Number.isInteger(maxLen) || maxLen < 0)
    throw new RangeError(`strCapped(): maxLen must be a whole number >= 0, not ${String(maxLen)}`);
  const text = textOf(value);
  if (text.length <= maxLen) return text;
  return maxLen < 3 ? "..." : `${text.slice(0, maxLen - 3)}...`;
}
