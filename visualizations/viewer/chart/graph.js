/**
 * A machine definition (`ChartNode` tree) as an ELK graph: compound states are nested
 * children, every transition target is an edge labelled with its event, initial states get
 * a small marker node, and targetless transitions become rows inside their state's box.
 * Pure and deterministic: the same definition gives the same graph in Node and in a browser.
 */
import { eventLabel, textWidth } from "./text.js";

/** @typedef {import("../../../src/inspect/protocol.js").ChartNode} ChartNode */
/** @typedef {import("../../../src/inspect/protocol.js").ChartTransition} ChartTransition */
/** @typedef {import("elkjs/lib/elk-api.js").ElkNode} ElkNode */
/** @typedef {import("elkjs/lib/elk-api.js").ElkExtendedEdge} ElkExtendedEdge */

/**
 * One drawn transition: an edge per target, or a row inside the source state when targetless.
 * @typedef {object} ChartEdge
 * @property {string} id ELK edge id (`e<n>`), or the row's id for internal transitions
 * @property {string} key {@link edgeKey} of the transition, shared by its edges
 * @property {string} source
 * @property {string | undefined} target the drawn target; undefined for internal rows
 * @property {string} event
 * @property {string} label
 */

/**
 * A state's box content, measured.
 * @typedef {object} ChartBox
 * @property {string} id
 * @property {string} title
 * @property {ChartNode["type"]} type
 * @property {string[]} notes invokes, tags and description, one per line
 * @property {ChartEdge[]} internal targetless transitions, one row each
 * @property {number} header height of the title and rows, in px
 * @property {number} width minimum width, in px
 * @property {boolean} region whether it is a region of a parallel state
 */

export const TITLE_SIZE = 13;
export const ROW_SIZE = 11;
export const ROW_HEIGHT = 14;
export const LABEL_HEIGHT = 14;
export const INITIAL_SIZE = 10;
const TITLE_HEIGHT = 22;
const PAD = 12;
const MIN_WIDTH = 88;
/** The id of the ELK graph around the machine's root state. */
const GRAPH_ID = "#chart";

/**
 * The key identifying one transition on the wire and in the chart: a step's edge
 * (`{ source, event, targets }`) marks the chart edges with the same key.
 *
 * @example
 * edgeKey("agreement.idle", "agreement.acquire", ["agreement.inUse"]);
 * // "agreement.idle|agreement.acquire|agreement.inUse"
 * @param {string} source
 * @param {string} event
 * @param {readonly string[]} targets
 * @returns {string}
 */
export function edgeKey(source, event, targets) {
  return `${source}|${event}|${targets.join(",")}`;
}

/**
 * Every state node of a definition, depth first, root included.
 *
 * @example
 * allNodes(machine.root).map((n) => n.id); // ["agreement", "agreement.creating", ...]
 * @param {ChartNode} root
 * @returns {ChartNode[]}
 */
export function allNodes(root) {
  return [root, ...root.states.flatMap(allNodes)];
}

/**
 * The id of the initial marker node drawn inside compound state `id`.
 *
 * @example
 * initialMarkerId("agreement"); // "agreement#initial"
 * @param {string} id
 * @returns {string}
 */
export function initialMarkerId(id) {
  return `${id}#initial`;
}

/**
 * The ELK graph of a definition, with the boxes and edges the SVG renderer needs to draw it.
 * `direction` is ELK's `elk.direction` (`RIGHT` or `DOWN`).
 *
 * @example
 * const { graph, boxes, edges } = toElkGraph(message.root, "RIGHT");
 * const laid = await new ELK().layout(graph);
 * @param {ChartNode} root
 * @param {"RIGHT" | "DOWN"} direction
 * @returns {{ graph: ElkNode, boxes: Map<string, ChartBox>, edges: ChartEdge[] }}
 */
export function toElkGraph(root, direction) {
  /** @type {Map<string, ChartBox>} */
  const boxes = new Map();
  /** @type {ChartEdge[]} */
  const edges = [];
  /** @type {Map<string, string | undefined>} parent of each state id */
  const parents = new Map();
  /** @type {Map<string, ElkNode>} */
  const elkNodes = new Map();

  /** @param {ChartNode} node @param {string} parent @param {boolean} region @returns {ElkNode} */
  const build = (node, parent, region) => {
    parents.set(node.id, parent);
    const box = measure(node, node === root ? node.id : node.key, region, edges);
    boxes.set(node.id, box);
    /** @type {ElkNode} */
    const elk = { id: node.id, width: box.width, height: box.header + PAD / 2 };
    elkNodes.set(node.id, elk);
    const children = node.states.map((child) => build(child, node.id, node.type === "parallel"));
    if (children.length > 0) {
      const initial = node.states.find((s) => s.key === node.initial);
      if (initial !== undefined) {
        const marker = initialMarkerId(node.id);
        children.unshift({ id: marker, width: INITIAL_SIZE, height: INITIAL_SIZE });
        parents.set(marker, node.id);
        elk.edges = [{ id: `${marker}>`, sources: [marker], targets: [initial.id] }];
      }
      elk.children = children;
      elk.layoutOptions = {
        "elk.padding": `[top=${box.header},left=${PAD},bottom=${PAD},right=${PAD}]`,
        "elk.nodeSize.constraints": "MINIMUM_SIZE",
        "elk.nodeSize.minimum": `(${box.width}, ${box.header + PAD})`,
      };
    }
    return elk;
  };
  const top = build(root, GRAPH_ID, false);
  /** @type {ElkNode} */
  const graph = {
    id: GRAPH_ID,
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": direction,
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.edgeLabels.inline": "false",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.spacing.nodeNodeBetweenLayers": "36",
      "elk.spacing.nodeNode": "24",
      "elk.spacing.edgeNode": "14",
      "elk.spacing.edgeEdge": "10",
      "elk.spacing.edgeLabel": "3",
      "elk.padding": "[top=8,left=8,bottom=8,right=8]",
    },
    children: [top],
  };
  elkNodes.set(GRAPH_ID, graph);

  for (const node of allNodes(root)) {
    for (const transition of node.transitions) {
      const key = edgeKey(node.id, transition.event, transition.targets);
      const label = eventLabel(transition);
      for (const target of transition.targets) {
        const edge = { id: `e${edges.length}`, key, source: node.id, target, event: transition.event, label };
        edges.push(edge);
        const container = elkNodes.get(commonContainer(parents, node.id, target));
        if (container === undefined)
          throw new Error(`chart: transition ${key} targets unknown state ${target}`);
        container.edges ??= [];
        container.edges.push({
          id: edge.id,
          sources: [node.id],
          targets: [target],
          labels: [
            { id: `${edge.id}.label`, text: label, width: textWidth(label, ROW_SIZE), height: LABEL_HEIGHT },
          ],
        });
      }
    }
  }

  return { graph, boxes, edges };
}

/**
 * A state's box: title, notes and targetless-transition rows, with its minimum size.
 * @param {ChartNode} node
 * @param {string} title
 * @param {boolean} region
 * @param {ChartEdge[]} edges collects the node's internal rows
 * @returns {ChartBox}
 */
function measure(node, title, region, edges) {
  const notes = node.invoke.map((id) => `invoke ${id}`);
  if (node.tags.length > 0) notes.push(node.tags.map((t) => `#${t}`).join(" "));
  if (node.description !== undefined) notes.push(node.description);
  const internal = node.transitions
    .filter((t) => t.targets.length === 0)
    .map((t) => {
      const edge = {
        id: `${node.id}~${edges.length}`,
        key: edgeKey(node.id, t.event, t.targets),
        source: node.id,
        target: undefined,
        event: t.event,
        label: `↻ ${eventLabel(t)}`,
      };
      edges.push(edge);
      return edge;
    });
  const rows = [...notes, ...internal.map((e) => e.label)];
  const width = Math.max(
    MIN_WIDTH,
    textWidth(title, TITLE_SIZE) + 2 * PAD,
    ...rows.map((r) => textWidth(r, ROW_SIZE) + 2 * PAD),
  );
  const header = TITLE_HEIGHT + rows.length * ROW_HEIGHT + (rows.length > 0 ? PAD / 2 : 0);
  return { id: node.id, title, type: node.type, notes, internal, header, width, region };
}

/**
 * The state whose ELK node holds an edge between `a` and `b`: their lowest common ancestor,
 * or the parent of that ancestor when one contains the other (ELK wants an edge in the node
 * that contains both ends).
 * @param {Map<string, string | undefined>} parents
 * @param {string} a
 * @param {string} b
 * @returns {string}
 */
function commonContainer(parents, a, b) {
  /** @param {string} id @returns {string[]} */
  const chain = (id) => {
    /** @type {string[]} */
    const out = [];
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) out.push(at);
    return out;
  };
  const above = new Set(chain(a));
  for (const id of chain(b)) {
    if (above.has(id) && id !== a && id !== b) return id;
  }
  return "";
}
