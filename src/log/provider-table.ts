import { Decimal } from "decimal.js";

/** A provider as the summary keys its numbers (yapapi's `ProviderInfo(id, name, subnet_tag)`). */
export interface SummaryProvider {
  readonly id: string;
  /** The node's name, or its id when it has none. */
  readonly name: string;
  readonly subnetTag: string | null;
}

/**
 * The summary's key of a provider: equal for equal id, name and subnet (yapapi's frozen
 * dataclass equality).
 *
 * @example
 * providerKey({ id: "0xab", name: "node-1", subnetTag: "public" }); // '["0xab","node-1","public"]'
 */
export function providerKey(p: SummaryProvider): string {
  return JSON.stringify([p.id, p.name, p.subnetTag]);
}

/**
 * A provider as Python printed yapapi's `ProviderInfo` (in the payment failure message).
 *
 * @example
 * providerRepr({ id: "0xab", name: "node-1", subnetTag: null });
 * // "ProviderInfo(id='0xab', name='node-1', subnet_tag=None)"
 */
export function providerRepr(p: SummaryProvider): string {
  const q = (s: string | null): string => (s === null ? "None" : `'${s}'`);
  return `ProviderInfo(id=${q(p.id)}, name=${q(p.name)}, subnet_tag=${q(p.subnetTag)})`;
}

/** One row of the final table. */
export interface ProviderRow {
  readonly provider: SummaryProvider;
  readonly tasks: number;
  readonly failures: number;
  readonly cost: Decimal;
}

/**
 * The final table per provider as text lines: a header, a rule, one row per provider
 * (named, with its id when two share a name), a rule and a total row; numbers are
 * right-aligned. No rows, no table.
 *
 * @example
 * providerTable([{ provider, tasks: 3, failures: 0, cost: new Decimal("0.02") }]);
 * // ["Provider  Tasks  Failures  Cost", "--------  -----  --------  ----", "node-1        3         0  0.02", ...]
 */
export function providerTable(rows: readonly ProviderRow[]): string[] {
  if (rows.length === 0) return [];
  const names = rows.map((r) => r.provider.name);
  const shared = new Set(names.filter((n, i) => names.indexOf(n) !== i));
  const label = (p: SummaryProvider): string => (shared.has(p.name) ? `${p.name} (${p.id})` : p.name);
  const total = rows.reduce(
    (sum, r) => ({
      tasks: sum.tasks + r.tasks,
      failures: sum.failures + r.failures,
      cost: sum.cost.plus(r.cost),
    }),
    { tasks: 0, failures: 0, cost: new Decimal(0) },
  );
  const body: string[][] = rows.map((r) => [
    label(r.provider),
    String(r.tasks),
    String(r.failures),
    r.cost.toFixed(),
  ]);
  const foot = ["Total", String(total.tasks), String(total.failures), total.cost.toFixed()];
  const header = ["Provider", "Tasks", "Failures", "Cost"];
  const all = [header, ...body, foot];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w));
  return [line(header), line(rule), ...body.map(line), line(rule), line(foot)];
}
