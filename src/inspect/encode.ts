/**
 * Turns xstate's inspection events into protocol messages, in order. Runs off the hot path
 * (the sink batches events and encodes them on `setImmediate`), so it may look at
 * snapshots, definitions and contexts at leisure: snapshots are immutable.
 */
import { type ActorRefLike, type AnyStateMachine, getStateNodes, type InspectionEvent } from "xstate";
import { isMachine, machineMessage } from "./definition.js";
import type { ActorKind, InspectMessage, SnapshotMessage, WireJson } from "./protocol.js";
import type { Secrets } from "./redact.js";
import { actorKind, errorMessage, eventData, sanitizeContext, sanitizeOutput } from "./sanitize.js";
import { TimerBook } from "./timers.js";

/** The fields of an inspected actor reference the encoder reads (`_parent` is semi-private). */
type InspectedRef = ActorRefLike & { id: string; logic?: unknown; _parent?: { sessionId: string } };

/** What the encoder keeps of an actor between its events. */
interface Known {
  kind: ActorKind;
  machine: AnyStateMachine | undefined;
  /** Session id of its root actor. */
  rootId: string;
  stopped: boolean;
}

const STATUSES: ReadonlySet<string> = new Set(["active", "done", "error", "stopped"]);

/**
 * The encoder of one inspected process (session ids are unique within it): sends each
 * machine definition once, follows pending timers, and remembers each actor's kind.
 *
 * @example
 * const encoder = new Encoder(secrets);
 * const out: InspectMessage[] = [];
 * for (const ev of batch) encoder.encode(ev, Date.now(), out);
 * encoder.flushTimers(out);
 */
export class Encoder {
  readonly #secrets: Secrets;
  readonly #machines = new Set<string>();
  readonly #actors = new Map<string, Known>();
  readonly #timers = new TimerBook();
  /** Actors whose pending timers changed in the current batch, with the time of the last change. */
  readonly #timersChanged = new Map<string, number>();

  constructor(secrets: Secrets) {
    this.#secrets = secrets;
  }

  /** Appends the messages `ev` makes (none, one, or a few) to `out`; `flushTimers` ends a batch. */
  encode(ev: InspectionEvent, at: number, out: InspectMessage[]): void {
    const ref = ev.actorRef;
    const id = ref.sessionId;
    switch (ev.type) {
      case "@xstate.actor":
        this.#actor(ref as InspectedRef, ev.rootId, at, out);
        return;
      case "@xstate.event": {
        const data = eventData(ev.event, this.#secrets);
        const from = ev.sourceRef?.sessionId;
        out.push({
          t: "event",
          at,
          to: id,
          ...(from === undefined ? {} : { from }),
          type: ev.event.type,
          ...(data === undefined ? {} : { data }),
        });
        if (from !== undefined && this.#timers.fired(from, ev.event)) this.#timersChangedAt(from, at);
        return;
      }
      case "@xstate.microstep": {
        if (ev._transitions.length === 0) return;
        out.push({
          t: "step",
          at,
          id,
          event: ev.event.type,
          edges: ev._transitions.map((tr) => ({
            source: tr.source.id,
            targets: (tr.target ?? []).map((node) => node.id),
            event: tr.eventType,
          })),
        });
        return;
      }
      case "@xstate.action": {
        const { type, params } = ev.action;
        const known = this.#actors.get(id);
        if (known?.stopped) return;
        const changed =
          type === "xstate.raise" || type === "xstate.sendTo"
            ? this.#timers.schedule(id, params, at, known?.machine?.id)
            : type === "xstate.cancel" && this.#timers.cancel(id, params);
        if (changed) this.#timersChangedAt(id, at);
        return;
      }
      case "@xstate.snapshot":
        this.#snapshot(ref, ev.snapshot, at, out);
        return;
    }
  }

  #actor(ref: InspectedRef, rootId: string, at: number, out: InspectMessage[]): void {
    const logic: unknown = ref.logic;
    const machine = isMachine(logic) ? logic : undefined;
    const definition = machine === undefined ? undefined : machineMessage(machine);
    if (definition !== undefined && !this.#machines.has(definition.key)) {
      this.#machines.add(definition.key);
      out.push(definition);
    }
    const parent = ref._parent?.sessionId;
    const kind = actorKind(machine?.id);
    this.#actors.set(ref.sessionId, { kind, machine, rootId, stopped: false });
    out.push({
      t: "actor",
      at,
      id: ref.sessionId,
      name: this.#secrets.redact(ref.id),
      ...(parent === undefined ? {} : { parent }),
      kind,
      ...(definition === undefined ? {} : { machine: definition.key }),
    });
  }

  #snapshot(ref: ActorRefLike, snapshot: unknown, at: number, out: InspectMessage[]): void {
    const id = ref.sessionId;
    const known = this.#actors.get(id);
    const s = snapshot as {
      status?: unknown;
      value?: unknown;
      context?: unknown;
      output?: unknown;
      error?: unknown;
    };
    const status = typeof s.status === "string" && STATUSES.has(s.status) ? s.status : "active";
    const message: SnapshotMessage = {
      t: "snapshot",
      at,
      id,
      status: status as SnapshotMessage["status"],
      active: [],
    };
    const machine = known?.machine;
    if (machine !== undefined && s.value !== undefined) {
      message.value = s.value as WireJson;
      message.active = [...new Set(getStateNodes(machine.root, s.value as never).map((node) => node.id))];
      const context = sanitizeContext(known?.kind ?? "other", s.context, this.#secrets);
      if (context !== undefined) message.context = context;
    }
    if (status === "done" && s.output !== undefined) message.output = sanitizeOutput(s.output, this.#secrets);
    if (status === "error" && s.error !== undefined) message.error = errorMessage(s.error, this.#secrets);
    out.push(message);
    if (status === "active" || known?.stopped) return;
    if (known !== undefined) known.stopped = true;
    if (this.#timers.clear(id)) this.#timersChangedAt(id, at);
    if (known?.rootId === id) {
      this.flushTimers(out);
      out.push({ t: "end", at });
      // The whole tree is gone: nothing of it will be asked about again.
      for (const [actorId, actor] of this.#actors) if (actor.rootId === id) this.#actors.delete(actorId);
    }
  }

  /**
   * Ends a batch: one `timers` message per actor whose timers changed in it (entering a
   * state with three `after` delays changes them three times in one macrostep).
   */
  flushTimers(out: InspectMessage[]): void {
    for (const [id, at] of this.#timersChanged)
      out.push({ t: "timers", at, id, timers: this.#timers.list(id) });
    this.#timersChanged.clear();
  }

  #timersChangedAt(id: string, at: number): void {
    this.#timersChanged.delete(id);
    this.#timersChanged.set(id, at);
  }
}
