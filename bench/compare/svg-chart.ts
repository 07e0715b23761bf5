/**
 * A small SVG line chart (log-scaled x axis, linear y from 0), enough for the growth
 * scenario: one panel per measure, one line per driver, no dependency.
 */

/** One line: a name and its points. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

/** One panel of the chart. */
export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
}

const WIDTH = 420;
const HEIGHT = 300;
const MARGIN = { left: 56, right: 16, top: 36, bottom: 44 };

const xmlEscape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** About five round steps from 0 to at least `max`. */
function yTicks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

const label = (n: number): string =>
  n >= 1000 ? `${n / 1000}k` : Number.isInteger(n) ? String(n) : n.toFixed(1);

function panelSvg(panel: Panel, offsetX: number): string {
  const points = panel.series.flatMap((s) => s.points);
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const ticks = yTicks(Math.max(...points.map((p) => p.y), 1e-9));
  const yMax = ticks.at(-1)!;
  const [lo, hi] = [Math.log10(xs[0]!), Math.log10(xs.at(-1)!)];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) =>
    offsetX + MARGIN.left + (hi === lo ? plotW / 2 : ((Math.log10(x) - lo) / (hi - lo)) * plotW);
  const py = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;
  const out: string[] = [
    `<text x="${offsetX + WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">${xmlEscape(panel.title)}</text>`,
    `<text transform="translate(${offsetX + 14} ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xmlEscape(panel.yLabel)}</text>`,
    `<text x="${offsetX + MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">tasks (log scale)</text>`,
  ];
  for (const t of ticks) {
    out.push(
      `<line x1="${offsetX + MARGIN.left}" x2="${offsetX + MARGIN.left + plotW}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`,
      `<text x="${offsetX + MARGIN.left - 6}" y="${py(t) + 4}" text-anchor="end">${label(t)}</text>`,
    );
  }
  for (const x of xs) {
    out.push(`<text x="${px(x)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${label(x)}</text>`);
  }
  for (const s of panel.series) {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const path = sorted.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
    out.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of sorted) {
      out.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${xmlEscape(`${s.name}: ${label(p.x)} tasks, ${p.y.toFixed(1)}`)}</title></circle>`,
      );
    }
  }
  return out.join("\n");
}

/**
 * Panels side by side with one legend, as an SVG document; throws when a panel has no point
 * or a point is not finite (a log axis needs x > 0).
 *
 * @example
 * const svg = lineChart("growth", [{ title: "throughput", yLabel: "tasks/s", series }]);
 */
export function lineChart(title: string, panels: Panel[]): string {
  for (const panel of panels) {
    const points = panel.series.flatMap((s) => s.points);
    if (points.length === 0) throw new Error(`chart "${title}": panel "${panel.title}" has no point`);
    const bad = points.find((p) => !(p.x > 0) || !Number.isFinite(p.x) || !Number.isFinite(p.y));
    if (bad)
      throw new Error(`chart "${title}": panel "${panel.title}" has a bad point ${JSON.stringify(bad)}`);
  }
  const names = new Map(panels.flatMap((p) => p.series.map((s) => [s.name, s.color] as const)));
  const legend = [...names].map(
    ([name, color], i) =>
      `<rect x="${16 + i * 130}" y="${HEIGHT + 10}" width="14" height="14" fill="${color}"/><text x="${36 + i * 130}" y="${HEIGHT + 22}">${xmlEscape(name)}</text>`,
  );
  const width = WIDTH * panels.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT + 40}" viewBox="0 0 ${width} ${HEIGHT + 40}" font-family="sans-serif" font-size="12">`,
    `<title>${xmlEscape(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels.map((p, i) => panelSvg(p, i * WIDTH)),
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
