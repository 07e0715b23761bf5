/**
 * The timeline panel: per provider, each task run as a bar coloured by how it ended
 * (accepted, failed, requeued for a retry, still running); per task, each state it went
 * through, with its retries. Drawn as one SVG string; with many tasks, those that retried
 * or failed are kept and the rest capped.
 */
import { escapeXml } from "./chart/text.js";

/** @typedef {import("./model/store.js").Store} Store */
/** @typedef {import("./model/timelines.js").TaskTimeline} TaskTimeline */

/**
 * One row of bars.
 * @typedef {object} TimelineRow
 * @property {string} label
 * @property {Array<{ from: number, to: number | undefined, cls: string, title: string }>} bars
 */

/** Task rows drawn at most. */
export const MAX_TASK_ROWS = 400;
const LABEL_WIDTH = 170;
const ROW = 16;
const AXIS = 18;
const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1000);

/**
 * The SVG of timeline rows over `[t0, t1]` (epoch ms), `width` px wide; open bars end at `t1`.
 *
 * @example
 * timelineSvg([{ label: "alpha", bars: [{ from: 0, to: 500, cls: "run-accepted", title: "task:1" }] }], 0, 1000, 600);
 * @param {TimelineRow[]} rows
 * @param {number} t0
 * @param {number} t1
 * @param {number} width
 * @returns {string}
 */
export function timelineSvg(rows, t0, t1, width) {
  const plot = Math.max(100, width - LABEL_WIDTH);
  const span = Math.max(1, t1 - t0);
  const x = (/** @type {number} */ t) => LABEL_WIDTH + ((t - t0) / span) * plot;
  const height = AXIS + rows.length * ROW + 4;
  const step = STEPS.find((s) => span / s <= 8) ?? span;
  const ticks = [];
  for (let t = 0; t <= span; t += step) {
    const at = x(t0 + t).toFixed(1);
    ticks.push(
      `<line x1="${at}" x2="${at}" y1="${AXIS - 4}" y2="${height}" stroke="#e4e7eb"/>` +
        `<text class="axis" x="${at}" y="${AXIS - 6}" text-anchor="middle">+${formatSeconds(t)}</text>`,
    );
  }
  const body = rows.map((row, i) => {
    const y = AXIS + i * ROW;
    const bars = row.bars.map((bar) => {
      const left = x(bar.from);
      const w = Math.max(2, x(bar.to ?? t1) - left);
      return (
        `<rect class="${bar.cls}" x="${left.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 5}" rx="2">` +
        `<title>${escapeXml(bar.title)}</title></rect>`
      );
    });
    return `<text x="4" y="${y + ROW - 4}">${escapeXml(row.label)}</text>${bars.join("")}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH + plot}" height="${height}">${ticks.join("")}${body.join("")}</svg>`;
}

/**
 * The timeline panel.
 *
 * @example
 * const timeline = new TimelineView(element, noteElement);
 * timeline.render(store, "providers", Date.now());
 */
export class TimelineView {
  #root;
  #note;

  /** @param {HTMLElement} root @param {HTMLElement} note */
  constructor(root, note) {
    this.#root = root;
    this.#note = note;
  }

  /**
   * @param {Store} store
   * @param {"providers" | "tasks"} view
   * @param {number} now epoch ms; open bars end here while the run is live
   */
  render(store, view, now) {
    const span = store.timelines.span();
    if (span === undefined) {
      this.#root.innerHTML = `<p class="empty">No task has run yet.</p>`;
      this.#note.textContent = "";
      return;
    }
    const end = store.status === "live" ? Math.max(now, span[1]) : span[1];
    const rows = view === "providers" ? providerRows(store) : this.#taskRows(store.timelines.tasks());
    if (view === "providers") this.#note.textContent = `${rows.length} providers`;
    this.#root.innerHTML = timelineSvg(rows, span[0], end, this.#root.clientWidth - 8);
  }

  /** @param {TaskTimeline[]} tasks @returns {TimelineRow[]} */
  #taskRows(tasks) {
    let shown = tasks;
    if (tasks.length > MAX_TASK_ROWS) {
      const troubled = new Set(tasks.filter((t) => t.retries > 0 || t.segments.at(-1)?.state === "failed"));
      const rest = tasks.filter((t) => !troubled.has(t)).slice(-Math.max(1, MAX_TASK_ROWS - troubled.size));
      shown = [...troubled, ...rest].slice(0, MAX_TASK_ROWS);
    }
    this.#note.textContent =
      shown.length < tasks.length
        ? `${shown.length} of ${tasks.length} tasks (retried and failed first)`
        : `${tasks.length} tasks`;
    return shown.map((task) => ({
      label: `${task.name}${task.retries > 0 ? ` ↻${task.retries}` : ""}`,
      bars: task.segments.map((seg) => ({
        from: seg.from,
        to: seg.state === "accepted" || seg.state === "failed" ? seg.from : seg.to,
        cls: `seg-${seg.state}`,
        title: `${task.name} ${seg.state}${seg.workerId ? ` on ${seg.workerId}` : ""}${
          seg.state === "failed" && task.reason ? `: ${task.reason}` : ""
        }`,
      })),
    }));
  }
}

/** @param {Store} store @returns {TimelineRow[]} */
function providerRows(store) {
  const byProvider = [...store.timelines.byProvider()].sort(([a], [b]) => a.localeCompare(b));
  return byProvider.map(([provider, runs]) => {
    const failed = runs.filter((r) => r.result === "failed" || r.result === "requeued").length;
    return {
      label: `${provider} · ${runs.length}${failed > 0 ? ` (${failed} ✗)` : ""}`,
      bars: runs.map((run) => ({
        from: run.from,
        to: run.to,
        cls: `run-${run.result}`,
        title: `${run.task}: ${run.result}${run.to === undefined ? "" : ` after ${formatSeconds(run.to - run.from)}`}`,
      })),
    };
  });
}

/**
 * A time offset or duration, with as many decimals as it needs (axis ticks 0.2 s apart
 * must not all read "1 s").
 * @param {number} ms
 */
function formatSeconds(ms) {
  return ms >= 60_000
    ? `${(ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1)} min`
    : `${(ms / 1000).toFixed(Math.round(ms) % 1000 === 0 ? 0 : Math.round(ms) % 100 === 0 ? 1 : 2)} s`;
}
