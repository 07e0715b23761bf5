/**
 * The markdown a scenario prints: its table with the ratio rows yatsapi/golem-js and
 * yatsapi/baseline, and the targets with pass or fail.
 */
import type { Column, Row, ScenarioResult, TargetCheck } from "./types.js";

const fmt = (n: number | undefined, digits = 2): string =>
  n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : "n/a";

/**
 * The ratio row `yatsapi/<other>` of a table, or undefined when a row is missing. Each
 * cell is yatsapi's figure divided by the other's; columns with no better direction are empty.
 *
 * @example
 * ratioRow(columns, rows, "golem-js"); // "| yatsapi/golem-js | 4.10x | 0.19x |"
 */
function ratioRow(columns: Column[], rows: Row[], other: string): string | undefined {
  const yats = rows.find((r) => r.driver === "yatsapi");
  const o = rows.find((r) => r.driver === other);
  if (!yats || !o) return undefined;
  const cells = columns.map((c) => {
    if (c.better === "none") return "";
    const a = yats.values[c.key];
    const b = o.values[c.key];
    return a === undefined || b === undefined || b === 0 ? "n/a" : `${fmt(a / b)}x`;
  });
  return `| yatsapi/${other} | ${cells.join(" | ")} |`;
}

/**
 * A scenario's table: one row per driver (or variant), then the ratio rows.
 *
 * @example
 * console.log(scenarioTable(result));
 */
export function scenarioTable(result: Pick<ScenarioResult, "columns" | "rows">): string {
  const { columns, rows } = result;
  const lines = [
    `| driver | ${columns.map((c) => c.title).join(" | ")} |`,
    `|---|${columns.map(() => "---:").join("|")}|`,
    ...rows.map(
      (r) =>
        `| ${r.driver}${r.note ? ` (${r.note})` : ""} | ${columns.map((c) => fmt(r.values[c.key], c.digits)).join(" | ")} |`,
    ),
  ];
  for (const other of ["golem-js", "baseline"]) {
    const row = ratioRow(columns, rows, other);
    if (row) lines.push(row);
  }
  return lines.join("\n");
}

/**
 * The targets as a table with pass or FAIL.
 *
 * @example
 * console.log(targetTable(checks));
 */
export function targetTable(checks: TargetCheck[]): string {
  return [
    "| target | measured | result |",
    "|---|---|---|",
    ...checks.map((c) => `| ${c.target} | ${c.measured} | ${c.pass ? "pass" : "FAIL"} |`),
  ].join("\n");
}

/**
 * A scenario as printed: title, method, table, and its targets.
 *
 * @example
 * console.log(scenarioMarkdown(result));
 */
export function scenarioMarkdown(result: ScenarioResult): string {
  const parts = [`### ${result.name}`, "", result.method, "", scenarioTable(result)];
  if (result.targets.length > 0) parts.push("", targetTable(result.targets));
  return parts.join("\n");
}

/**
 * A figure with its unit for a target's "measured" cell.
 *
 * @example
 * measured(4.21, "ms"); // "4.21 ms"
 */
export function measured(value: number, unit: string, digits = 2): string {
  return `${fmt(value, digits)}${unit ? ` ${unit}` : ""}`;
}
