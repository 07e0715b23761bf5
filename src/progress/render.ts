import type { ProgressSnapshot } from "./progress-state.js";

/**
 * A duration as a terminal shows it: `42s`, `3m05s`, `1h02m`.
 *
 * @example
 * formatDuration(185_000); // "3m05s"
 */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/**
 * One line of progress: a bar of `barWidth` cells (when the total is known), then tasks
 * done/total, running, retries, providers, cost so far and ETA.
 *
 * @example
 * renderProgress(state.snapshot(Date.now()));
 * // "[########------------]  4/12 tasks  3 running  0 retries  4 providers  cost 0.000102  ETA 9s"
 */
export function renderProgress(p: ProgressSnapshot, barWidth = 20): string {
  const parts: string[] = [];
  if (p.total !== null) {
    const filled = p.total === 0 ? barWidth : Math.min(barWidth, Math.floor((p.done / p.total) * barWidth));
    parts.push(`[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`);
    parts.push(`${String(p.done).padStart(String(p.total).length)}/${p.total} tasks`);
  } else {
    parts.push(`${p.done} tasks`);
  }
  parts.push(`${p.running} running`, `${p.retries} ${p.retries === 1 ? "retry" : "retries"}`);
  parts.push(`${p.providers} ${p.providers === 1 ? "provider" : "providers"}`);
  parts.push(`cost ${p.cost.toSignificantDigits(6).toFixed()}`);
  if (p.total !== null && p.done >= p.total) parts.push(`done in ${formatDuration(p.elapsedMs)}`);
  else parts.push(`ETA ${p.etaMs === null ? "--" : formatDuration(p.etaMs)}`);
  return parts.join("  ");
}
