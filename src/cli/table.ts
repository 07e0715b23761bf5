import type { CliIo } from "./command.js";

/** One column of a table: a header and how its cells line up. */
export interface Column {
  header: string;
  /**
   * `left` (text, the default), `right` (counts), or `amount`: decimal strings lined up on
   * their decimal point, printed exactly as given (no rounding, no padding zeros).
   */
  align?: "left" | "right" | "amount";
  /** Colours a cell after padding (so that escape codes do not upset the alignment). */
  paint?: (padded: string, raw: string) => string;
}

/**
 * Lays rows out in aligned columns under their headers, two spaces apart, with no
 * trailing blanks; one line per row, each ending in a newline.
 *
 * @example
 * renderTable([{ header: "ID" }, { header: "AMOUNT", align: "amount" }], [["a", "1.5"], ["b", "10"]]);
 * // "ID  AMOUNT\na      1.5\nb     10\n"
 */
export function renderTable(columns: Column[], rows: string[][]): string {
  const cells = columns.map((column, i) => {
    const raw = rows.map((row) => row[i] ?? "");
    return column.align === "amount" ? alignDecimals(raw) : raw;
  });
  const widths = columns.map((c, i) => Math.max(c.header.length, ...(cells[i] ?? []).map((s) => s.length)));
  const pad = (text: string, i: number, align: Column["align"]): string =>
    align === "right" || align === "amount"
      ? text.padStart(widths[i] ?? 0)
      : text.padEnd(i === columns.length - 1 ? 0 : (widths[i] ?? 0));
  // Amount headers sit over the start of the column, where the biggest number begins.
  const lines = [columns.map((c, i) => pad(c.header, i, c.align === "amount" ? "left" : c.align)).join("  ")];
  rows.forEach((row, r) => {
    const line = columns.map((c, i) => {
      const padded = pad(cells[i]?.[r] ?? "", i, c.align);
      return c.paint ? c.paint(padded, row[i] ?? "") : padded;
    });
    lines.push(line.join("  "));
  });
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}

/** Pads the fraction of each decimal string on the right, so that the points line up. */
function alignDecimals(values: string[]): string[] {
  const fraction = (v: string) => (v.includes(".") ? v.length - v.indexOf(".") : 0);
  const longest = Math.max(0, ...values.map(fraction));
  return values.map((v) => v + " ".repeat(longest - fraction(v)));
}

/**
 * A moment as `YYYY-MM-DD HH:MM:SSZ` (UTC, to the second): readable, sortable, and the
 * same on every machine.
 *
 * @example
 * formatTime(new Date("2024-05-29T16:26:40.123Z")); // "2024-05-29 16:26:40Z"
 */
export function formatTime(when: Date): string {
  if (Number.isNaN(when.getTime())) return "-";
  return `${when.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/**
 * How far `when` is from `now`, coarsely: `in 29m`, `3h ago`.
 *
 * @example
 * relativeTime(new Date(90_000), new Date(0)); // "in 1m"
 */
export function relativeTime(when: Date, now: Date): string {
  const ms = when.getTime() - now.getTime();
  const s = Math.abs(ms) / 1000;
  const text =
    s < 60
      ? `${Math.floor(s)}s`
      : s < 3600
        ? `${Math.floor(s / 60)}m`
        : s < 86_400
          ? `${Math.floor(s / 3600)}h`
          : `${Math.floor(s / 86_400)}d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * A long id cut to its start and end for a table (`--json` prints it whole).
 *
 * @example
 * shortId("0x1234567890abcdef1234567890abcdef12345678"); // "0x123456…345678"
 */
export function shortId(id: string, keep = 8): string {
  return id.length <= 2 * keep + 1 ? id : `${id.slice(0, keep)}…${id.slice(-(keep - 2))}`;
}

/**
 * ANSI colours for a terminal, or none: when writing elsewhere (pipes, files, tests) or when
 * `NO_COLOR` is set.
 *
 * @example
 * const c = colours(io);
 * io.stdout.write(c.red("FAILED"));
 */
export function colours(io: CliIo): Record<"red" | "boldRed" | "yellow" | "green", (s: string) => string> {
  const env = io.env ?? process.env;
  const on = io.stdout === process.stdout && process.stdout.isTTY === true && !env.NO_COLOR;
  const sgr = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: sgr("31"), boldRed: sgr("1;31"), yellow: sgr("33"), green: sgr("32") };
}

/**
 * `n` and the noun, plural unless `n` is 1.
 *
 * @example
 * plural(2, "demand"); // "2 demands"
 */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
