/**
 * The event log: the newest events first, filtered by actor (name or id) and event type,
 * at most {@link SHOWN} rows in the page however many the store keeps.
 */

/** @typedef {import("./model/store.js").Store} Store */
/** @typedef {import("./model/store.js").LoggedEvent} LoggedEvent */

/** Rows drawn at most: the DOM stays small on long runs. */
export const SHOWN = 300;

/**
 * Whether an event passes the filters: both are case-insensitive substrings, the actor one
 * matched against the receiving and the sending actor's name and id.
 *
 * @example
 * matches(event, "agreement:", "terminate");
 * @param {LoggedEvent} event
 * @param {string} actor
 * @param {string} type
 * @returns {boolean}
 */
export function matches(event, actor, type) {
  const a = actor.trim().toLowerCase();
  const t = type.trim().toLowerCase();
  if (t !== "" && !event.type.toLowerCase().includes(t)) return false;
  if (a === "") return true;
  return [event.to, event.toName, event.from ?? "", event.fromName ?? ""].some((s) =>
    s.toLowerCase().includes(a),
  );
}

/**
 * The event log panel.
 *
 * @example
 * const log = new LogView(listElement, actorInput, typeInput, (id) => select(id));
 * log.render(store);
 */
export class LogView {
  #root;
  #actor;
  #type;
  /** @type {Store | undefined} */
  #store = undefined;

  /**
   * @param {HTMLElement} root
   * @param {HTMLInputElement} actorFilter
   * @param {HTMLInputElement} typeFilter
   * @param {(id: string) => void} onSelect
   */
  constructor(root, actorFilter, typeFilter, onSelect) {
    this.#root = root;
    this.#actor = actorFilter;
    this.#type = typeFilter;
    const again = () => {
      if (this.#store !== undefined) this.render(this.#store);
    };
    actorFilter.addEventListener("input", again);
    typeFilter.addEventListener("input", again);
    root.addEventListener("click", (ev) => {
      const row = ev.target instanceof Element ? ev.target.closest("[data-to]") : null;
      const id = row?.getAttribute("data-to");
      if (id) onSelect(id);
    });
  }

  /** @param {Store} store */
  render(store) {
    this.#store = store;
    const events = store.events();
    const origin = store.startedAt ?? events[0]?.at ?? 0;
    const actor = this.#actor.value;
    const type = this.#type.value;
    /** @type {HTMLElement[]} */
    const rows = [];
    let matched = 0;
    for (let i = events.length - 1; i >= 0; i--) {
      const event = /** @type {LoggedEvent} */ (events[i]);
      if (!matches(event, actor, type)) continue;
      matched++;
      if (rows.length < SHOWN) rows.push(row(event, origin));
    }
    if (matched > SHOWN) {
      const more = document.createElement("li");
      more.className = "more";
      more.textContent = `… ${matched - SHOWN} older matching events not shown`;
      rows.push(more);
    }
    this.#root.replaceChildren(...rows);
  }
}

/** @param {LoggedEvent} event @param {number} origin @returns {HTMLElement} */
function row(event, origin) {
  const li = document.createElement("li");
  li.setAttribute("data-testid", "event-row");
  li.setAttribute("data-to", event.to);
  li.setAttribute("data-type", event.type);
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = `+${((event.at - origin) / 1000).toFixed(3)} s`;
  time.title = new Date(event.at).toISOString();
  const type = document.createElement("span");
  type.className = "type";
  type.textContent = event.type;
  const route = document.createElement("span");
  route.className = "route";
  route.textContent =
    event.fromName === undefined ? `→ ${event.toName}` : `${event.fromName} → ${event.toName}`;
  li.append(time, type, route);
  if (event.data !== undefined) {
    const data = document.createElement("span");
    data.className = "data";
    data.textContent = Object.entries(event.data)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    li.append(data);
  }
  return li;
}
