/**
 * The current state of an inspected run, as protocol lines, so that a page that connects
 * (or resyncs) mid-run is brought up to date with the same messages a page connected from
 * the start got: every machine definition, every actor with its latest snapshot and
 * pending timers, and the most recent events and steps.
 *
 * Memory is bounded: per actor three lines at most (actor, snapshot, timers); finished
 * actors keep only their actor and final snapshot lines, and beyond `maxFinished` the
 * oldest finished ones are forgotten. A finished task is about 0.5 KB, so a run of 10 000
 * tasks holds about 5 MB, plus `recent` events and steps.
 */
import type { InspectMessage } from "./protocol.js";

interface ActorLines {
  actor: string;
  snapshot?: string;
  timers?: string;
  finished: boolean;
}

export interface StateCacheOptions {
  /** Event and step lines kept for the log of a late page. Default 500. */
  recent?: number;
  /** Finished actors kept. Default 20 000. */
  maxFinished?: number;
}

/**
 * The state cache of one relay.
 *
 * @example
 * const cache = new StateCache();
 * cache.add(message, JSON.stringify(message));
 * for (const line of cache.lines()) ws.send(line);
 */
export class StateCache {
  readonly #machines = new Map<string, string>();
  readonly #actors = new Map<string, ActorLines>();
  /** Finished actor ids, oldest first (a Set keeps insertion order and deletes in O(1)). */
  readonly #finished = new Set<string>();
  readonly #recent: string[] = [];
  readonly #recentMax: number;
  readonly #maxFinished: number;
  #recentStart = 0;
  #end: string | undefined;

  constructor(opts: StateCacheOptions = {}) {
    this.#recentMax = opts.recent ?? 500;
    this.#maxFinished = opts.maxFinished ?? 20_000;
  }

  /** Takes one message and its serialised line. */
  add(message: InspectMessage, line: string): void {
    switch (message.t) {
      case "machine":
        this.#machines.set(message.key, line);
        return;
      case "actor":
        this.#end = undefined;
        this.#actors.set(message.id, { actor: line, finished: false });
        return;
      case "snapshot": {
        const actor = this.#actors.get(message.id);
        if (actor === undefined) return;
        actor.snapshot = line;
        if (message.status !== "active" && !actor.finished) this.#finish(message.id, actor);
        return;
      }
      case "timers": {
        const actor = this.#actors.get(message.id);
        if (actor === undefined) return;
        if (message.timers.length === 0 || actor.finished) delete actor.timers;
        else actor.timers = line;
        return;
      }
      case "event":
      case "step":
        this.#remember(line);
        return;
      case "end":
        this.#end = line;
        return;
      default:
        // hello, dropped and synced belong to one connection, not to the run.
        return;
    }
  }

  /** Everything a page needs to show the current state, in an order it can apply as it reads. */
  lines(): string[] {
    const out = [...this.#machines.values()];
    // Map order is creation order: a parent always comes before its children.
    for (const actor of this.#actors.values()) {
      out.push(actor.actor);
      if (actor.snapshot !== undefined) out.push(actor.snapshot);
      if (actor.timers !== undefined) out.push(actor.timers);
    }
    out.push(...this.#recent.slice(this.#recentStart), ...this.#recent.slice(0, this.#recentStart));
    if (this.#end !== undefined) out.push(this.#end);
    return out;
  }

  /** How many actors are held (live and finished). */
  get actorCount(): number {
    return this.#actors.size;
  }

  #finish(id: string, actor: ActorLines): void {
    actor.finished = true;
    delete actor.timers;
    this.#finished.add(id);
    if (this.#finished.size <= this.#maxFinished) return;
    const oldest = this.#finished.values().next().value;
    if (oldest === undefined) return;
    this.#finished.delete(oldest);
    this.#actors.delete(oldest);
  }

  #remember(line: string): void {
    if (this.#recentMax <= 0) return;
    if (this.#recent.length < this.#recentMax) {
      this.#recent.push(line);
      return;
    }
    this.#recent[this.#recentStart] = line;
    this.#recentStart = (this.#recentStart + 1) % this.#recentMax;
  }
}
