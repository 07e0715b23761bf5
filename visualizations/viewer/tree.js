/**
 * The actor tree: root actors, their children grouped by kind (agreements, activities,
 * tasks, payments) in collapsible groups, deeper children nested under their parent. Rows
 * are kept per actor and patched, so a run with thousands of tasks only touches what changed.
 */

/** @typedef {import("./model/store.js").Store} Store */
/** @typedef {import("./model/store.js").ActorView} ActorView */
/** @typedef {import("./model/store.js").Changes} Changes */

/** Group order and titles; `computation` children are not expected but get a group too. */
const GROUPS = /** @type {const} */ ([
  ["agreement", "Agreements"],
  ["activity", "Activities"],
  ["task", "Tasks"],
  ["payment", "Payments"],
  ["computation", "Computations"],
  ["other", "Other actors"],
]);

/** A group this large starts collapsed unless the user opened it. */
const COLLAPSE_OVER = 200;

/**
 * @typedef {object} Row
 * @property {HTMLElement} node wraps the row and its children
 * @property {HTMLElement} row the `[data-actor-id]` element
 * @property {HTMLElement} name
 * @property {HTMLElement} state
 * @property {HTMLElement} children nested actors
 */

/**
 * @typedef {object} Group
 * @property {HTMLDetailsElement} details
 * @property {HTMLElement} summary
 * @property {HTMLElement} body
 * @property {boolean} touched the user opened or closed it
 */

/**
 * The actor tree panel.
 *
 * @example
 * const tree = new TreeView(document.querySelector("[data-testid=actor-tree]"), (id) => select(id));
 * tree.update(store, store.takeChanges());
 */
export class TreeView {
  /** @type {Map<string, Row>} */
  #rows = new Map();
  /** @type {Map<string, Group>} keyed by `<root id>|<kind>` */
  #groups = new Map();
  /** @type {string | undefined} */
  #selected = undefined;
  #root;

  /**
   * @param {HTMLElement} root
   * @param {(id: string) => void} onSelect
   */
  constructor(root, onSelect) {
    this.#root = root;
    const pick = (/** @type {Event} */ ev) => {
      const target = ev.target instanceof Element ? ev.target.closest("[data-actor-id]") : null;
      const id = target?.getAttribute("data-actor-id");
      if (id) onSelect(id);
    };
    root.addEventListener("click", pick);
    root.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") pick(ev);
    });
  }

  /**
   * Brings the tree up to date with the store.
   * @param {Store} store
   * @param {Changes} changes
   */
  update(store, changes) {
    if (changes.tree) this.#sync(store);
    for (const id of changes.actors) {
      const actor = store.actor(id);
      const row = this.#rows.get(id);
      if (actor !== undefined && row !== undefined) paint(row, actor);
    }
    if (changes.tree || changes.actors.size > 0) this.#count(store);
  }

  /** @param {string | undefined} id */
  select(id) {
    if (this.#selected !== undefined) this.#rows.get(this.#selected)?.row.classList.remove("selected");
    this.#selected = id;
    if (id !== undefined) this.#rows.get(id)?.row.classList.add("selected");
  }

  /** @param {Store} store */
  #sync(store) {
    const seen = new Set();
    /** @param {ActorView} actor @param {HTMLElement} container @param {number} depth */
    const place = (actor, container, depth) => {
      seen.add(actor.id);
      let row = this.#rows.get(actor.id);
      if (row === undefined) {
        row = makeRow(actor);
        this.#rows.set(actor.id, row);
        paint(row, actor);
        if (actor.id === this.#selected) row.row.classList.add("selected");
      }
      if (row.node.parentElement !== container) container.append(row.node);
      for (const childId of actor.children) {
        const child = store.actor(childId);
        if (child === undefined) continue;
        place(
          child,
          depth === 0 ? this.#group(actor.id, row.children, child.kind).body : row.children,
          depth + 1,
        );
      }
    };
    for (const root of store.roots()) place(root, this.#root, 0);
    for (const [id, row] of this.#rows) {
      if (!seen.has(id)) {
        row.node.remove();
        this.#rows.delete(id);
      }
    }
  }

  /**
   * @param {string} rootId
   * @param {HTMLElement} container
   * @param {ActorView["kind"]} kind
   * @returns {Group}
   */
  #group(rootId, container, kind) {
    const key = `${rootId}|${kind}`;
    const known = this.#groups.get(key);
    if (known !== undefined) return known;
    const details = document.createElement("details");
    details.open = true;
    details.dataset.group = kind;
    const summary = document.createElement("summary");
    const body = document.createElement("div");
    body.className = "children";
    details.append(summary, body);
    /** @type {Group} */
    const group = { details, summary, body, touched: false };
    summary.addEventListener("click", () => {
      group.touched = true;
    });
    // Keep the groups in a fixed order whatever kind appears first.
    const order = GROUPS.findIndex(([k]) => k === kind);
    const next = [...container.children].find(
      (el) => el instanceof HTMLDetailsElement && GROUPS.findIndex(([k]) => k === el.dataset.group) > order,
    );
    container.insertBefore(details, next ?? null);
    this.#groups.set(key, group);
    return group;
  }

  /** Group titles: how many actors, and how many in each state. @param {Store} store */
  #count(store) {
    for (const [key, group] of this.#groups) {
      const [rootId, kind] = /** @type {[string, string]} */ (key.split("|"));
      const members = (store.actor(rootId)?.children ?? []).flatMap((id) => {
        const a = store.actor(id);
        return a !== undefined && a.kind === kind ? [a] : [];
      });
      /** @type {Map<string, number>} */
      const byState = new Map();
      for (const a of members) byState.set(a.state, (byState.get(a.state) ?? 0) + 1);
      const title = GROUPS.find(([k]) => k === kind)?.[1] ?? kind;
      const states = [...byState].map(([s, n]) => `${n} ${s}`).join(" · ");
      group.summary.textContent = `${title} (${members.length})${states ? ` — ${states}` : ""}`;
      if (!group.touched && group.details.open && members.length > COLLAPSE_OVER) group.details.open = false;
    }
  }
}

/** @param {ActorView} actor @returns {Row} */
function makeRow(actor) {
  const node = document.createElement("div");
  node.className = "actor-node";
  const row = document.createElement("div");
  row.className = "actor";
  row.tabIndex = 0;
  row.setAttribute("data-actor-id", actor.id);
  const name = document.createElement("span");
  name.className = "name";
  const state = document.createElement("span");
  state.className = "state";
  row.append(name, state);
  const children = document.createElement("div");
  children.className = "children-list";
  node.append(row, children);
  return { node, row, name, state, children };
}

/** @param {Row} row @param {ActorView} actor */
function paint(row, actor) {
  const el = row.row;
  el.setAttribute("data-kind", actor.kind);
  el.setAttribute("data-name", actor.name);
  el.setAttribute("data-state", actor.state);
  el.setAttribute("data-status", actor.status);
  el.title = `${actor.name} (${actor.kind}, ${actor.id}) ${actor.status}${actor.error ? `: ${actor.error}` : ""}`;
  row.name.textContent = actor.name;
  row.state.textContent =
    actor.machine === undefined || actor.status === "active"
      ? actor.state
      : `${actor.state} · ${actor.status}`;
}
