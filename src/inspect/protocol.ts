/**
 * The inspector's wire protocol, version 1: what the sink makes of xstate's inspection
 * events, what the relay streams to viewer pages over WebSocket, and what a recording
 * (`*.jsonl`, one message a line) holds. Messages are small, JSON-only and self-describing
 * (`t`), so a page that attaches late can be brought up to date with the same messages.
 *
 * Times (`at`, `firesAt`) are epoch milliseconds. Actor ids are xstate session ids
 * (`x:12`), unique within one process.
 */

/** Bumped on any change a viewer of the previous version would misread. */
export const PROTOCOL_VERSION = 1;

/** The kinds of actor a viewer knows how to draw; anything else is `other`. */
export type ActorKind = "computation" | "agreement" | "activity" | "task" | "payment" | "other";

/** JSON values, as they go on the wire. */
export type WireJson = null | boolean | number | string | WireJson[] | { [key: string]: WireJson };

/** First message on every connection and the first line of every recording. */
export interface HelloMessage {
  t: "hello";
  v: typeof PROTOCOL_VERSION;
  mode: "live" | "replay";
  /** When the inspected process started inspecting. */
  at: number;
  /** yatsapi's package version. */
  sdk: string;
}

/** A transition of a machine definition, as drawn. */
export interface ChartTransition {
  /** The event type, e.g. `agreement.terminate`, `xstate.after.createTimeout.agreement.creating`. */
  event: string;
  /** Target state node ids (`agreement.terminated`); empty for a targetless transition. */
  targets: string[];
  /** The named delay of an `after` transition (`createTimeout`). */
  delay?: string;
  /** The guard's name, when the transition has one. */
  guard?: string;
  /** Whether the transition re-enters its source. */
  reenter?: boolean;
}

/** A state node of a machine definition, as drawn (nested states inside). */
export interface ChartNode {
  /** Full state node id, e.g. `agreement.active.inUse`. */
  id: string;
  /** The key within its parent (`inUse`). */
  key: string;
  type: "atomic" | "compound" | "parallel" | "final" | "history";
  /** The initial child's key, for compound nodes. */
  initial?: string;
  /** Invoked actors' ids (`createAgreement`). */
  invoke: string[];
  /** Tags and `meta.description`, when declared. */
  tags: string[];
  description?: string;
  transitions: ChartTransition[];
  states: ChartNode[];
}

/** A machine definition, sent once per distinct machine before the first actor using it. */
export interface MachineMessage {
  t: "machine";
  /** Stable key of this definition: the machine id plus a short content hash. */
  key: string;
  root: ChartNode;
}

/** An actor came into being. */
export interface ActorMessage {
  t: "actor";
  at: number;
  id: string;
  /** The actor's own id (`agreement:<proposalId>`, `computation`, `createAgreement`). */
  name: string;
  /** Parent actor's session id; absent for a root. */
  parent?: string;
  kind: ActorKind;
  /** `MachineMessage.key` of its definition; absent for promise/callback actors. */
  machine?: string;
}

/** An event delivered to an actor. */
export interface EventMessage {
  t: "event";
  at: number;
  /** Receiving actor. */
  to: string;
  /** Sending actor, when the event came from one. */
  from?: string;
  type: string;
  /** A few sanitised scalar fields of the event (ids, reasons), never secrets. */
  data?: { [key: string]: WireJson };
}

/** The transitions one microstep took. */
export interface StepMessage {
  t: "step";
  at: number;
  id: string;
  event: string;
  edges: Array<{ source: string; targets: string[]; event: string }>;
}

/** An actor's state after a macrostep. */
export interface SnapshotMessage {
  t: "snapshot";
  at: number;
  id: string;
  status: "active" | "done" | "error" | "stopped";
  /** A machine's state value; absent for other actors. */
  value?: WireJson;
  /** Ids of every active state node, root included. */
  active: string[];
  /** A whitelisted, sanitised projection of the context (see `sanitize.ts`). */
  context?: { [key: string]: WireJson };
  /** The output of a finished actor, sanitised. */
  output?: WireJson;
  /** The error of a failed actor, as a message. */
  error?: string;
}

/** One delayed event an actor has scheduled (an `after` transition or a delayed send). */
export interface PendingTimer {
  /** The scheduled event's id within the actor. */
  id: string;
  /** The event that will be delivered, e.g. `xstate.after.createTimeout.agreement.creating`. */
  event: string;
  /** The delay's name, when it is a named delay. */
  delay?: string;
  ms: number;
  firesAt: number;
}

/** The complete list of an actor's pending timers, whenever it changes. */
export interface TimersMessage {
  t: "timers";
  at: number;
  id: string;
  timers: PendingTimer[];
}

/** The relay could not keep up with this page and left out `count` messages; a resync follows. */
export interface DroppedMessage {
  t: "dropped";
  at: number;
  count: number;
}

/** Ends the replay of the current state that a page gets when it connects or resyncs. */
export interface SyncedMessage {
  t: "synced";
  at: number;
}

/** The inspected run ended (its root actor stopped); the relay stays up for the page. */
export interface EndMessage {
  t: "end";
  at: number;
}

/** Any message of the protocol. */
export type InspectMessage =
  | HelloMessage
  | MachineMessage
  | ActorMessage
  | EventMessage
  | StepMessage
  | SnapshotMessage
  | TimersMessage
  | DroppedMessage
  | SyncedMessage
  | EndMessage;
