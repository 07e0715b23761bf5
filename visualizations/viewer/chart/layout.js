/**
 * Runs ELK on a definition's graph and flattens the result into a chart layout: every box,
 * edge and label in absolute coordinates, rounded, JSON-only. The viewer caches one layout
 * per machine key (layout is the slow part); snapshots only restyle what it drew from it.
 */
import { allNodes, initialMarkerId, toElkGraph } from "./graph.js";

/** @typedef {import("../../../src/inspect/protocol.js").MachineMessage} MachineMessage */
/** @typedef {import("elkjs/lib/elk-api.js").ElkNode} ElkNode */
/** @typedef {import("elkjs/lib/elk-api.js").ElkPoint} ElkPoint */
/** @typedef {import("./graph.js").ChartBox} ChartBox */

/**
 * The part of elkjs's API used here: `new ELK()` in Node, `new window.ELK()` in the page.
 * @typedef {{ layout(graph: ElkNode): Promise<ElkNode> }} ElkLike
 */

/**
 * @typedef {object} LaidBox
 * @property {number} x
 * @property {number} y
 * @property {number} width
 * @property {number} height
 */

/**
 * @typedef {ChartBox & LaidBox} LaidState
 */

/**
 * @typedef {object} LaidEdge
 * @property {string} id
 * @property {string} key
 * @property {string} source
 * @property {string} target
 * @property {string} event
 * @property {string} label
 * @property {Array<[number, number]>} points the route, first point at the source
 * @property {LaidBox | undefined} labelBox
 */

/**
 * @typedef {object} ChartLayout
 * @property {string} key the machine key it was made for
 * @property {number} width
 * @property {number} height
 * @property {LaidState[]} states outer states first, so inner ones draw on top
 * @property {LaidBox[]} markers initial-state markers
 * @property {Array<Array<[number, number]>>} initialEdges routes from each marker
 * @property {LaidEdge[]} edges
 */

/** The aspect ratio (width / height) charts should come closest to: a wide screen panel. */
const TARGET_ASPECT = 1.6;

/**
 * Lays a machine out both left-to-right and top-down and keeps whichever shape is closest to
 * a wide panel, so long chains and wide fans both stay legible.
 *
 * @example
 * const layout = await layoutChart(new ELK(), machineMessage);
 * const svg = renderSvg(layout, { active: ["agreement", "agreement.idle"] });
 * @param {ElkLike} elk
 * @param {MachineMessage} machine
 * @returns {Promise<ChartLayout>}
 */
export async function layoutChart(elk, machine) {
  const right = await layoutOnce(elk, machine, "RIGHT");
  const down = await layoutOnce(elk, machine, "DOWN");
  /** @param {ChartLayout} l */
  const misfit = (l) => Math.abs(Math.log(l.width / l.height / TARGET_ASPECT));
  return misfit(down) < misfit(right) ? down : right;
}

/**
 * @param {ElkLike} elk
 * @param {MachineMessage} machine
 * @param {"RIGHT" | "DOWN"} direction
 * @returns {Promise<ChartLayout>}
 */
async function layoutOnce(elk, machine, direction) {
  const { graph, boxes, edges } = toElkGraph(machine.root, direction);
  const laid = await elk.layout(graph);
  /** @type {Map<string, LaidBox>} absolute position of every ELK node */
  const at = new Map([[laid.id, { x: 0, y: 0, width: laid.width ?? 0, height: laid.height ?? 0 }]]);
  /** @type {Map<string, ElkNode>} */
  const containers = new Map([[laid.id, laid]]);
  /** @param {ElkNode} node @param {number} dx @param {number} dy */
  const place = (node, dx, dy) => {
    for (const child of node.children ?? []) {
      const x = dx + (child.x ?? 0);
      const y = dy + (child.y ?? 0);
      at.set(child.id, {
        x: round(x),
        y: round(y),
        width: round(child.width ?? 0),
        height: round(child.height ?? 0),
      });
      containers.set(child.id, child);
      place(child, x, y);
    }
  };
  place(laid, 0, 0);

  /** @type {Map<string, { points: Array<[number, number]>, label: LaidBox | undefined }>} */
  const routes = new Map();
  for (const container of containers.values()) {
    for (const edge of container.edges ?? []) {
      // elkjs reports edge coordinates relative to the node it says contains the edge.
      const origin = at.get(/** @type {{ container?: string }} */ (edge).container ?? container.id);
      const ox = origin?.x ?? 0;
      const oy = origin?.y ?? 0;
      /** @param {ElkPoint} p @returns {[number, number]} */
      const shift = (p) => [round(p.x + ox), round(p.y + oy)];
      const section = edge.sections?.[0];
      const points = section
        ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(shift)
        : [];
      const label = edge.labels?.[0];
      routes.set(edge.id, {
        points,
        label:
          label === undefined
            ? undefined
            : {
                x: round((label.x ?? 0) + ox),
                y: round((label.y ?? 0) + oy),
                width: round(label.width ?? 0),
                height: round(label.height ?? 0),
              },
      });
    }
  }

  const nodes = allNodes(machine.root);
  return {
    key: machine.key,
    width: round(laid.width ?? 0),
    height: round(laid.height ?? 0),
    states: nodes.map((node) => {
      const box = /** @type {ChartBox} */ (boxes.get(node.id));
      return { ...box, ...(at.get(node.id) ?? { x: 0, y: 0, width: box.width, height: box.header }) };
    }),
    markers: nodes.flatMap((node) => {
      const marker = at.get(initialMarkerId(node.id));
      return marker === undefined ? [] : [marker];
    }),
    initialEdges: nodes.flatMap((node) => {
      const route = routes.get(`${initialMarkerId(node.id)}>`);
      return route === undefined ? [] : [route.points];
    }),
    edges: edges.flatMap((edge) => {
      const route = routes.get(edge.id);
      if (route === undefined || edge.target === undefined) return [];
      return [{ ...edge, target: edge.target, points: route.points, labelBox: route.label }];
    }),
  };
}

/** @param {number} n */
function round(n) {
  return Math.round(n * 10) / 10;
}
