/**
 * A chart layout drawn as a standalone SVG string: states as boxes (compound ones around
 * their children, final ones with a double border, parallel regions dashed), transitions as
 * arrows labelled with their events, targetless ones as rows in their state. Active states
 * carry the class `active`, the transitions of the last step the class `last`; the page
 * restyles those classes on later snapshots without drawing again. Pure: no DOM.
 */
import { INITIAL_SIZE, ROW_HEIGHT, ROW_SIZE, TITLE_SIZE } from "./graph.js";
import { escapeXml } from "./text.js";

/** @typedef {import("./layout.js").ChartLayout} ChartLayout */
/** @typedef {import("./layout.js").LaidState} LaidState */
/** @typedef {import("./layout.js").LaidEdge} LaidEdge */
/** @typedef {import("./graph.js").ChartEdge} ChartEdge */

/**
 * What to highlight: active state ids and the {@link import("./graph.js").edgeKey} of each
 * transition the last step took.
 * @typedef {object} ChartStyle
 * @property {Iterable<string>} [active]
 * @property {Iterable<string>} [last]
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

const STYLE = `
.chart text { font-family: ${FONT}; fill: #1f2933; }
.state > rect.box { fill: #ffffff; stroke: #7b8794; stroke-width: 1.2; }
.state.compound > rect.box, .state.parallel > rect.box { fill: #f8fafc; }
.state.region > rect.box { stroke-dasharray: 5 3; }
.state.final > rect.inner { fill: none; stroke: #7b8794; stroke-width: 1; }
.state.active > rect.box { fill: #e0ecff; stroke: #1d5fd1; stroke-width: 2.2; }
.state.active.compound > rect.box, .state.active.parallel > rect.box { fill: #f1f6ff; }
.state .title { font-size: ${TITLE_SIZE}px; font-weight: 600; }
.state .note { font-size: ${ROW_SIZE}px; fill: #52606d; }
.edge > path { fill: none; stroke: #7b8794; stroke-width: 1.3; marker-end: url(#yv-arrow); }
.edge > rect { fill: #ffffff; fill-opacity: 0.85; }
.edge text { font-size: ${ROW_SIZE}px; fill: #3e4c59; }
.edge.last > path { stroke: #d64545; stroke-width: 2.6; marker-end: url(#yv-arrow-last); }
.edge.last text { fill: #b42318; font-weight: 700; }
.initial > circle { fill: #3e4c59; }
.initial > path { fill: none; stroke: #3e4c59; stroke-width: 1.3; marker-end: url(#yv-arrow); }
`;

/**
 * The SVG of a laid-out chart with the given states active and the last step's transitions
 * marked.
 *
 * @example
 * const svg = renderSvg(await layoutChart(new ELK(), message), {
 *   active: snapshot.active,
 *   last: step.edges.map((e) => edgeKey(e.source, e.event, e.targets)),
 * });
 * @param {ChartLayout} layout
 * @param {ChartStyle} [style]
 * @returns {string}
 */
export function renderSvg(layout, style = {}) {
  const active = new Set(style.active ?? []);
  const last = new Set(style.last ?? []);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-machine="${escapeXml(layout.key)}"` +
      ` width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">`,
    `<style>${STYLE}</style>`,
    "<defs>",
    arrowMarker("yv-arrow", "#7b8794"),
    arrowMarker("yv-arrow-last", "#d64545"),
    "</defs>",
    `<rect width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`,
    ...layout.states.map((state) => stateSvg(state, active.has(state.id), last)),
    ...layout.markers.map(
      (m, i) =>
        `<g class="initial"><circle cx="${m.x + INITIAL_SIZE / 2}" cy="${m.y + INITIAL_SIZE / 2}" r="${INITIAL_SIZE / 2}"/>` +
        `<path d="${pathOf(layout.initialEdges[i] ?? [])}"/></g>`,
    ),
    ...layout.edges.map((edge) => edgeSvg(edge, last.has(edge.key))),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}

/**
 * @param {string} id
 * @param {string} colour
 */
function arrowMarker(id, colour) {
  return (
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`
  );
}

/**
 * @param {LaidState} state
 * @param {boolean} isActive
 * @param {Set<string>} last
 */
function stateSvg(state, isActive, last) {
  const classes = ["state", state.type, state.region ? "region" : "", isActive ? "active" : ""].filter(
    Boolean,
  );
  const rows = [];
  let y = state.y + 8 + TITLE_SIZE;
  rows.push(`<text class="title" x="${state.x + 10}" y="${y}">${escapeXml(state.title)}</text>`);
  y += 6;
  for (const note of state.notes) {
    y += ROW_HEIGHT;
    rows.push(`<text class="note" x="${state.x + 10}" y="${y}">${escapeXml(note)}</text>`);
  }
  for (const edge of state.internal) {
    y += ROW_HEIGHT;
    rows.push(internalSvg(edge, state.x + 10, y, last.has(edge.key)));
  }
  const inner =
    state.type === "final"
      ? `<rect class="inner" x="${state.x + 3}" y="${state.y + 3}" width="${state.width - 6}" height="${state.height - 6}" rx="6"/>`
      : "";
  return (
    `<g class="${classes.join(" ")}" data-state-id="${escapeXml(state.id)}"><title>${escapeXml(state.id)}</title>` +
    `<rect class="box" x="${state.x}" y="${state.y}" width="${state.width}" height="${state.height}" rx="8"/>${inner}` +
    `${rows.join("")}</g>`
  );
}

/**
 * @param {ChartEdge} edge
 * @param {number} x
 * @param {number} y
 * @param {boolean} isLast
 */
function internalSvg(edge, x, y, isLast) {
  return (
    `<g class="edge internal${isLast ? " last" : ""}" ${edgeAttributes(edge)}>` +
    `<title>${escapeXml(edge.event)}</title><text x="${x}" y="${y}">${escapeXml(edge.label)}</text></g>`
  );
}

/**
 * @param {LaidEdge} edge
 * @param {boolean} isLast
 */
function edgeSvg(edge, isLast) {
  const box = edge.labelBox;
  const label =
    box === undefined
      ? ""
      : `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="2"/>` +
        `<text x="${box.x}" y="${box.y + box.height - 3}">${escapeXml(edge.label)}</text>`;
  return (
    `<g class="edge${isLast ? " last" : ""}" ${edgeAttributes(edge)} data-target="${escapeXml(edge.target)}">` +
    `<title>${escapeXml(edge.event === "" ? "always" : edge.event)}</title><path d="${pathOf(edge.points)}"/>${label}</g>`
  );
}

/** @param {ChartEdge} edge */
function edgeAttributes(edge) {
  return (
    `data-event="${escapeXml(edge.event)}" data-edge-key="${escapeXml(edge.key)}"` +
    ` data-source="${escapeXml(edge.source)}"`
  );
}

/** @param {ReadonlyArray<readonly [number, number]>} points */
function pathOf(points) {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`).join(" ");
}
