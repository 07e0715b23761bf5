/**
 * The selected actor's chart in the page: laid out once per machine definition (ELK, in
 * `window.ELK`), drawn as SVG, then restyled in place on each snapshot and step (active
 * states, last transition) without another layout.
 */
import { edgeKey } from "./chart/graph.js";
import { layoutChart } from "./chart/layout.js";
import { renderSvg } from "./chart/svg.js";

/** @typedef {import("./model/store.js").ActorView} ActorView */
/** @typedef {import("./chart/layout.js").ChartLayout} ChartLayout */
/** @typedef {import("./chart/layout.js").ElkLike} ElkLike */
/** @typedef {import("../../src/inspect/protocol.js").MachineMessage} MachineMessage */

/**
 * The edge keys of an actor's last step.
 *
 * @example
 * lastEdgeKeys(actor); // ["agreement.idle|agreement.acquire|agreement.inUse"]
 * @param {ActorView} actor
 * @returns {string[]}
 */
export function lastEdgeKeys(actor) {
  return (actor.lastStep?.edges ?? []).map((e) => edgeKey(e.source, e.event, e.targets));
}

/**
 * The chart panel.
 *
 * @example
 * const chart = new ChartView(document.querySelector("[data-testid=chart]"));
 * chart.show(actor, store.machines.get(actor.machine));
 */
export class ChartView {
  /** @type {Map<string, Promise<ChartLayout>>} */
  #layouts = new Map();
  /** @type {ElkLike | undefined} */
  #elk = undefined;
  /** @type {string | undefined} the machine key drawn */
  #drawn = undefined;
  /** @type {ActorView | undefined} */
  #actor = undefined;
  #root;

  /** @param {HTMLElement} root */
  constructor(root) {
    this.#root = root;
  }

  /**
   * Shows (or refreshes) an actor's chart: draws it when its machine is new to the panel,
   * restyles it otherwise.
   * @param {ActorView | undefined} actor
   * @param {MachineMessage | undefined} machine
   */
  show(actor, machine) {
    this.#actor = actor;
    if (actor === undefined) return this.#message("Select an actor in the tree to see its state chart.");
    if (machine === undefined) {
      return this.#message(
        actor.machine === undefined
          ? `${actor.name} is not a state machine (a promise or callback actor): it has no chart.`
          : `Waiting for the definition of ${actor.machine}…`,
      );
    }
    if (this.#drawn === machine.key) return this.#restyle(actor);
    const layout = this.#layout(machine);
    layout.then(
      (laid) => {
        // Another actor may have been selected while ELK worked.
        const current = this.#actor;
        if (current === undefined || current.machine !== machine.key) return;
        this.#root.innerHTML = renderSvg(laid, { active: current.active, last: lastEdgeKeys(current) });
        this.#drawn = machine.key;
      },
      (/** @type {unknown} */ error) => this.#message(`Could not lay out ${machine.key}: ${String(error)}`),
    );
  }

  /** @param {MachineMessage} machine @returns {Promise<ChartLayout>} */
  #layout(machine) {
    let known = this.#layouts.get(machine.key);
    if (known === undefined) {
      const elk = this.#elkInstance();
      known =
        elk === undefined
          ? Promise.reject(new Error("elkjs is not loaded (/vendor/elk.bundled.js)"))
          : layoutChart(elk, machine);
      this.#layouts.set(machine.key, known);
    }
    return known;
  }

  /** @returns {ElkLike | undefined} */
  #elkInstance() {
    if (this.#elk === undefined) {
      const ELK = /** @type {{ ELK?: new () => ElkLike }} */ (/** @type {unknown} */ (window)).ELK;
      if (ELK !== undefined) this.#elk = new ELK();
    }
    return this.#elk;
  }

  /** @param {ActorView} actor */
  #restyle(actor) {
    const active = new Set(actor.active);
    for (const el of this.#root.querySelectorAll("g.state[data-state-id]")) {
      el.classList.toggle("active", active.has(el.getAttribute("data-state-id") ?? ""));
    }
    const last = new Set(lastEdgeKeys(actor));
    for (const el of this.#root.querySelectorAll("g.edge[data-edge-key]")) {
      el.classList.toggle("last", last.has(el.getAttribute("data-edge-key") ?? ""));
    }
  }

  /** @param {string} text */
  #message(text) {
    this.#drawn = undefined;
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    this.#root.replaceChildren(p);
  }
}
