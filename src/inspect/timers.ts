/**
 * Pending timers per actor, followed from xstate's inspection events: a delayed
 * `xstate.raise` or `xstate.sendTo` action schedules one (its `params` carry the resolved
 * delay in ms and the id), `xstate.cancel` (`params.sendId`) removes it, and so does its
 * delivery: the scheduled event object itself reaching an actor from the scheduling one.
 * An actor that stops loses all of its timers.
 */
import type { PendingTimer } from "./protocol.js";

const AFTER_PREFIX = "xstate.after.";

interface Pending extends PendingTimer {
  /** The scheduled event object: xstate delivers this very object when the timer fires. */
  readonly object: object;
}

/**
 * The delay's name in an `after` event type (`xstate.after.<delay>.<stateNodeId>`), when
 * it is a named delay; `undefined` for numeric delays and other events.
 *
 * @example
 * delayName("xstate.after.approvalTimeout.agreement.confirming", "agreement"); // "approvalTimeout"
 * delayName("xstate.after.1000.agreement.confirming", "agreement"); // undefined
 */
export function delayName(eventType: string, machineId: string | undefined): string | undefined {
  if (!eventType.startsWith(AFTER_PREFIX) || machineId === undefined) return undefined;
  const rest = eventType.slice(AFTER_PREFIX.length);
  const at = rest.indexOf(`.${machineId}`);
  const name = at > 0 ? rest.slice(0, at) : undefined;
  return name === undefined || /^\d+(\.\d+)?$/.test(name) ? undefined : name;
}

/** Reads the fields of a delayed action's `params` (`{ event, id, delay }`); undefined when it is not delayed. */
function delayedParams(
  params: unknown,
): { event: object & { type: string }; id: string; ms: number } | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const p = params as { event?: unknown; id?: unknown; delay?: unknown };
  if (typeof p.delay !== "number" || !Number.isFinite(p.delay)) return undefined;
  const event = p.event;
  if (typeof event !== "object" || event === null || typeof (event as { type?: unknown }).type !== "string")
    return undefined;
  const type = (event as { type: string }).type;
  return {
    event: event as object & { type: string },
    id: typeof p.id === "string" ? p.id : type,
    ms: p.delay,
  };
}

/**
 * The pending timers of every actor. Each method returns whether the actor's list changed,
 * so the caller sends a `timers` message only then.
 *
 * @example
 * const book = new TimerBook();
 * if (book.schedule("x:1", action.params, Date.now(), "agreement")) send(book.list("x:1"));
 */
export class TimerBook {
  readonly #byActor = new Map<string, Map<string, Pending>>();

  /** A delayed raise or send by `actorId`. */
  schedule(actorId: string, params: unknown, at: number, machineId: string | undefined): boolean {
    const delayed = delayedParams(params);
    if (delayed === undefined) return false;
    let timers = this.#byActor.get(actorId);
    if (timers === undefined) {
      timers = new Map();
      this.#byActor.set(actorId, timers);
    }
    const timer: Pending = {
      id: delayed.id,
      event: delayed.event.type,
      ms: delayed.ms,
      firesAt: at + delayed.ms,
      object: delayed.event,
    };
    const delay = delayName(delayed.event.type, machineId);
    if (delay !== undefined) timer.delay = delay;
    // xstate replaces a pending timer scheduled again under the same id.
    timers.set(delayed.id, timer);
    return true;
  }

  /** `xstate.cancel` by `actorId` (`params.sendId`). */
  cancel(actorId: string, params: unknown): boolean {
    const sendId = (params as { sendId?: unknown } | null)?.sendId;
    if (typeof sendId !== "string") return false;
    return this.#byActor.get(actorId)?.delete(sendId) ?? false;
  }

  /**
   * An event reached some actor from `sourceId`: when it is one `sourceId` scheduled, that
   * timer fired. The same event object may be pending more than once (an `after` event is
   * one object per state node): the earliest goes.
   */
  fired(sourceId: string, event: unknown): boolean {
    const timers = this.#byActor.get(sourceId);
    if (timers === undefined || timers.size === 0) return false;
    let first: Pending | undefined;
    for (const timer of timers.values()) {
      if (timer.object === event && (first === undefined || timer.firesAt < first.firesAt)) first = timer;
    }
    return first !== undefined && timers.delete(first.id);
  }

  /** The actor stopped. */
  clear(actorId: string): boolean {
    const had = (this.#byActor.get(actorId)?.size ?? 0) > 0;
    this.#byActor.delete(actorId);
    return had;
  }

  /** The actor's pending timers, soonest first, as they go on the wire. */
  list(actorId: string): PendingTimer[] {
    const timers = [...(this.#byActor.get(actorId)?.values() ?? [])];
    timers.sort((a, b) => a.firesAt - b.firesAt);
    return timers.map(({ object: _object, ...timer }) => timer);
  }
}
