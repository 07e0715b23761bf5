/**
 * What a run leaves behind: `bench/results/bench-<time>.json` and the growth chart next to
 * it; a full run also copies the chart to the committed `bench/growth.svg`.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const benchDir = new URL("..", import.meta.url).pathname;

/** The files a run wrote. */
export interface WrittenResults {
  json: string;
  svg: string;
  /** `bench/growth.svg`, when the chart was copied there (full runs only). */
  committedSvg?: string;
}

/**
 * Writes the run's JSON and chart under bench/results/ (named by `startedAt`) and, unless
 * `quick`, copies the chart to bench/growth.svg.
 *
 * @example
 * const files = writeResults(data, svg, { startedAt, quick: false });
 */
export function writeResults(
  data: unknown,
  svg: string,
  opts: { startedAt: string; quick: boolean },
): WrittenResults {
  const dir = join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const stem = `bench-${opts.startedAt.replace(/[:.]/g, "-")}${opts.quick ? "-quick" : ""}`;
  const json = join(dir, `${stem}.json`);
  const chart = join(dir, `${stem}-growth.svg`);
  writeFileSync(json, `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(chart, svg);
  if (opts.quick) return { json, svg: chart };
  const committedSvg = join(benchDir, "growth.svg");
  copyFileSync(chart, committedSvg);
  return { json, svg: chart, committedSvg };
}
