/**
 * The viewer's model, fed with protocol messages and read by the page: machine definitions,
 * the actor tree with each actor's state, the last step per actor, pending timers, a bounded
 * event log and the task/provider timelines. Pure (no DOM), so Node tests drive it directly.
 *
 * A connection starts with `hello`, replays the current state, then `synced`; `dropped`
 * starts such a replay again. Replayed messages build a fresh model that replaces the
 * current one at `synced`, so actors that ended meanwhile do not linger. Timelines are
 * history, not state: they survive a resync of the same run (same `hello.at`).
 */
import { Ring } from "./ring.js";
import { Timelines } from "./timelines.js";

/** @typedef {import("../../../src/inspect/protocol.js").InspectMessage} InspectMessage */
/** @typedef {import("../../../src/inspect/protocol.js").MachineMessage} MachineMessage */
/** @typedef {import("../../../src/inspect/protocol.js").EventMessage} EventMessage */
/** @typedef {import("../../../src/inspect/protocol.js").StepMessage} StepMessage */
/** @typedef {import("../../../src/inspect/protocol.js").SnapshotMessage} SnapshotMessage */
/** @typedef {import("../../../src/inspect/protocol.js").PendingTimer} PendingTimer */
/** @typedef {import("../../../src/inspect/protocol.js").ActorKind} ActorKind */
/** @typedef {import("../../../src/inspect/protocol.js").WireJson} WireJson */

/**
 * @typedef {object} ActorView
 * @property {string} id
 * @property {string} name
 * @property {ActorKind} kind
 * @property {string | undefined} parent
 * @property {string | undefined} machine
 * @property {string[]} children ids, in order of creation
 * @property {SnapshotMessage["status"]} status
 * @property {string} state the state value as a dotted string, or the status for non-machines
 * @property {string[]} active
 * @property {{ [key: string]: WireJson } | undefined} context
 * @property {string | undefined} error
 * @property {StepMessage | undefined} lastStep
 * @property {number} updatedAt
 */

/** @typedef {EventMessage & { seq: number, toName: string, fromName: string | undefined }} LoggedEvent */
/** @typedef {PendingTimer & { actor: string }} ActorTimer */

/**
 * @typedef {object} Model
 * @property {Map<string, ActorView>} actors
 * @property {string[]} roots ids of actors without a known parent
 * @property {Map<string, PendingTimer[]>} timers
 * @property {Ring<LoggedEvent>} log
 */

/** @typedef {"connecting" | "live" | "replay" | "ended" | "disconnected"} Status */

/**
 * Everything the page re-renders after a batch of messages.
 * @typedef {object} Changes
 * @property {boolean} tree actors were added or removed
 * @property {Set<string>} actors actors whose state changed
 * @property {boolean} log
 * @property {boolean} timers
 * @property {boolean} timelines
 * @property {boolean} status
 */

/**
 * The state value as the tree shows it: `active.inUse`, parallel regions in parentheses.
 *
 * @example
 * stateText({ active: "inUse" }); // "active.inUse"
 * stateText({ running: { market: "collecting", proposals: "awaiting" } }); // "running(market.collecting, proposals.awaiting)"
 * @param {WireJson | undefined} value
 * @returns {string}
 */
export function stateText(value) {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "";
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, child] = /** @type {[string, WireJson]} */ (entries[0]);
    const rest = stateText(child);
    return rest === "" ? key : rest.startsWith("(") ? `${key}${rest}` : `${key}.${rest}`;
  }
  return `(${entries.map(([key, child]) => stateText({ [key]: child })).join(", ")})`;
}

/**
 * The viewer's store.
 *
 * @example
 * const store = new Store({ logSize: 500 });
 * for (const message of messages) store.apply(message);
 * const changes = store.takeChanges();
 * if (changes.tree) renderTree(store.actorList());
 */
export class Store {
  /** @type {Map<string, MachineMessage>} */
  machines = new Map();
  /** @type {Status} */
  status = "connecting";
  /** @type {"live" | "replay" | undefined} */
  mode = undefined;
  /** Messages the relay left out for this page, over the page's life. */
  dropped = 0;
  timelines = new Timelines();
  #logSize;
  #seq = 0;
  /** @type {number | undefined} */
  #runAt = undefined;
  /** The latest `at` of any message: a replay's clock. */
  #lastAt = 0;
  /** @type {Model} */
  #model;
  /** @type {Model | undefined} the replay being built until `synced` */
  #pending = undefined;
  /** @type {Changes} */
  #changes = freshChanges();

  /** @param {{ logSize?: number }} [options] */
  constructor(options = {}) {
    this.#logSize = options.logSize ?? 1000;
    this.#model = this.#emptyModel();
  }

  /**
   * Takes one protocol message.
   * @param {InspectMessage} message
   */
  apply(message) {
    const model = this.#pending ?? this.#model;
    if ("at" in message && message.at > this.#lastAt) this.#lastAt = message.at;
    switch (message.t) {
      case "hello":
        if (this.#runAt !== message.at) this.timelines = new Timelines();
        this.#runAt = message.at;
        this.mode = message.mode;
        this.#pending = this.#emptyModel();
        return this.#setStatus("connecting");
      case "dropped":
        this.dropped += message.count;
        this.#pending = this.#emptyModel();
        return;
      case "synced":
        if (this.#pending !== undefined) this.#model = this.#pending;
        this.#pending = undefined;
        Object.assign(this.#changes, { tree: true, log: true, timers: true, timelines: true });
        return this.#setStatus(this.status === "ended" ? "ended" : (this.mode ?? "live"));
      case "end":
        return this.#setStatus("ended");
      case "machine":
        this.machines.set(message.key, message);
        return;
      case "actor":
        return this.#actor(model, message);
      case "snapshot":
        return this.#snapshot(model, message);
      case "step": {
        const actor = model.actors.get(message.id);
        if (actor !== undefined) actor.lastStep = message;
        this.#changes.actors.add(message.id);
        return;
      }
      case "timers":
        if (message.timers.length === 0) model.timers.delete(message.id);
        else model.timers.set(message.id, message.timers);
        this.#changes.timers = true;
        return;
      case "event":
        model.log.push({
          ...message,
          seq: ++this.#seq,
          toName: model.actors.get(message.to)?.name ?? message.to,
          fromName:
            message.from === undefined ? undefined : (model.actors.get(message.from)?.name ?? message.from),
        });
        this.#changes.log = true;
        return;
    }
  }

  /**
   * The connection's status changed from outside the protocol (socket opened or closed).
   * @param {"connecting" | "disconnected"} status
   */
  connection(status) {
    if (this.status !== "ended" || status === "connecting") this.#setStatus(status);
  }

  /** @returns {number | undefined} when the inspected run started (its `hello.at`) */
  get startedAt() {
    return this.#runAt;
  }

  /**
   * The time open bars and timers are drawn up to: the wall clock in a live run, the latest
   * message's time in a replay (whose messages carry the recorded times).
   *
   * @example
   * timeline.render(store, "tasks", store.now(Date.now()));
   * @param {number} wallNow
   * @returns {number}
   */
  now(wallNow) {
    return this.mode === "replay" ? this.#lastAt : wallNow;
  }

  /** @returns {Changes} what changed since the last call */
  takeChanges() {
    const out = this.#changes;
    this.#changes = freshChanges();
    return out;
  }

  /** @param {string} id @returns {ActorView | undefined} */
  actor(id) {
    return this.#model.actors.get(id);
  }

  /** @returns {ActorView[]} root actors */
  roots() {
    return this.#model.roots.flatMap((id) => this.#model.actors.get(id) ?? []);
  }

  /** @returns {ActorView[]} every actor, parents before children */
  actorList() {
    return [...this.#model.actors.values()];
  }

  /** @returns {LoggedEvent[]} the kept events, oldest first */
  events() {
    return this.#model.log.items();
  }

  /** @returns {ActorTimer[]} every pending timer, soonest first */
  timers() {
    const out = [...this.#model.timers].flatMap(([actor, list]) => list.map((t) => ({ ...t, actor })));
    return out.sort((a, b) => a.firesAt - b.firesAt);
  }

  /** @returns {Model} */
  #emptyModel() {
    return { actors: new Map(), roots: [], timers: new Map(), log: new Ring(this.#logSize) };
  }

  /** @param {Status} status */
  #setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.#changes.status = true;
  }

  /** @param {Model} model @param {import("../../../src/inspect/protocol.js").ActorMessage} message */
  #actor(model, message) {
    const known = model.actors.get(message.id);
    /** @type {ActorView} */
    const view = {
      id: message.id,
      name: message.name,
      kind: message.kind,
      parent: message.parent,
      machine: message.machine,
      children: known?.children ?? [],
      status: known?.status ?? "active",
      state: known?.state ?? "active",
      active: known?.active ?? [],
      context: known?.context,
      error: known?.error,
      lastStep: known?.lastStep,
      updatedAt: message.at,
    };
    model.actors.set(message.id, view);
    const parent = message.parent === undefined ? undefined : model.actors.get(message.parent);
    if (parent !== undefined) {
      if (!parent.children.includes(message.id)) parent.children.push(message.id);
    } else if (!model.roots.includes(message.id)) {
      model.roots.push(message.id);
    }
    // Children announced before their parent were roots until now.
    const adopted = model.roots.filter((id) => model.actors.get(id)?.parent === message.id);
    for (const id of adopted) {
      model.roots.splice(model.roots.indexOf(id), 1);
      if (!view.children.includes(id)) view.children.push(id);
    }
    this.#changes.tree = true;
  }

  /** @param {Model} model @param {SnapshotMessage} message */
  #snapshot(model, message) {
    const actor = model.actors.get(message.id);
    if (actor === undefined) return;
    actor.status = message.status;
    actor.active = message.active;
    actor.state = message.value === undefined ? message.status : stateText(message.value);
    actor.context = message.context ?? actor.context;
    actor.error = message.error;
    actor.updatedAt = message.at;
    this.#changes.actors.add(actor.id);
    // Finished promise and callback actors only said how an invoke went; their parent shows it.
    if (actor.machine === undefined && actor.kind === "other" && message.status !== "active") {
      this.#remove(model, actor);
    }
    if (message.status !== "active" && model.timers.delete(actor.id)) this.#changes.timers = true;
    this.#learn(actor, message.at);
  }

  /** @param {Model} model @param {ActorView} actor */
  #remove(model, actor) {
    model.actors.delete(actor.id);
    const siblings = actor.parent === undefined ? undefined : model.actors.get(actor.parent)?.children;
    const list = siblings ?? model.roots;
    const at = list.indexOf(actor.id);
    if (at >= 0) list.splice(at, 1);
    this.#changes.tree = true;
  }

  /** Feeds the timelines: tasks' states, and worker → provider names. @param {ActorView} actor @param {number} at */
  #learn(actor, at) {
    const c = actor.context;
    let changed = false;
    if (actor.kind === "computation") changed = this.timelines.providers(c?.workers);
    if (actor.kind === "agreement" && typeof c?.workerId === "string") {
      changed = this.timelines.providers({ [c.workerId]: { providerName: c.providerName } });
    }
    if (actor.kind === "task") {
      changed =
        this.timelines.task(actor.id, actor.name, {
          state: actor.state,
          at,
          workerId: typeof c?.workerId === "string" ? c.workerId : undefined,
          retries: typeof c?.retries === "number" ? c.retries : undefined,
          reason: typeof c?.reason === "string" ? c.reason : undefined,
        }) || changed;
    }
    if (changed) this.#changes.timelines = true;
  }
}

/** @returns {Changes} */
function freshChanges() {
  return { tree: false, actors: new Set(), log: false, timers: false, timelines: false, status: false };
}
