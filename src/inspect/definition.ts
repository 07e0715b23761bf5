/**
 * Machine definitions as the viewer draws them: an xstate v5 machine's state node tree turned
 * into the protocol's `ChartNode`s, sent once per distinct definition. Walks `logic.root`
 * rather than `logic.toJSON()` because the JSON form leaves out `always` transitions and
 * carries functions and circular `source` nodes that cannot go on the wire.
 */
import { createHash } from "node:crypto";
import type { AnyStateMachine, AnyStateNode } from "xstate";
import type { ChartNode, ChartTransition, MachineMessage } from "./protocol.js";

/**
 * The event name that eventless (`always`) transitions carry, in charts and in the microsteps
 * xstate reports: xstate's own null event.
 */
export const ALWAYS_EVENT = "";

const cache = new WeakMap<object, MachineMessage>();

/**
 * The protocol message describing a machine's definition, or `undefined` for actor logic that
 * is not a state machine (promise, callback, observable actors). Cached per logic object, so
 * the sink can ask for every actor it sees.
 *
 * @example
 * const message = machineMessage(agreementMachine);
 * // { t: "machine", key: "agreement@1a2b3c4d", root: { id: "agreement", states: [...], ... } }
 */
export function machineMessage(logic: unknown): MachineMessage | undefined {
  if (!isMachine(logic)) return undefined;
  const known = cache.get(logic);
  if (known !== undefined) return known;
  const root = chartNode(logic.root);
  const message: MachineMessage = { t: "machine", key: `${root.id}@${contentHash(root)}`, root };
  cache.set(logic, message);
  return message;
}

/**
 * Whether a piece of actor logic is an xstate state machine (has a root state node with its
 * transitions), without relying on `instanceof` across copies of xstate.
 *
 * @example
 * isMachine(agreementMachine); // true
 * isMachine(fromPromise(async () => 1)); // false
 */
export function isMachine(logic: unknown): logic is AnyStateMachine {
  if (typeof logic !== "object" || logic === null || !("root" in logic)) return false;
  const root: unknown = logic.root;
  return (
    typeof root === "object" &&
    root !== null &&
    "transitions" in root &&
    root.transitions instanceof Map &&
    "states" in root
  );
}

function chartNode(node: AnyStateNode): ChartNode {
  const out: ChartNode = {
    id: node.id,
    key: node.key,
    type: node.type,
    invoke: node.invoke.map((invoke) => invoke.id),
    tags: [...node.tags],
    transitions: transitionsOf(node),
    states: Object.values(node.states).map(chartNode),
  };
  if (node.type === "compound") {
    const first = node.initial.target[0];
    if (first !== undefined) out.initial = first.key;
  }
  const description = node.description ?? metaDescription(node.meta);
  if (description !== undefined) out.description = description;
  return out;
}

function transitionsOf(node: AnyStateNode): ChartTransition[] {
  const out: ChartTransition[] = [];
  for (const [event, list] of node.transitions) {
    for (const transition of list) out.push(chartTransition(event, transition));
  }
  for (const transition of node.always ?? []) out.push(chartTransition(ALWAYS_EVENT, transition));
  return out;
}

/** The fields of xstate's transition definitions this module reads. */
interface TransitionLike {
  target?: ReadonlyArray<{ id: string }> | undefined;
  guard?: unknown;
  reenter?: boolean;
  delay?: unknown;
}

function chartTransition(event: string, transition: TransitionLike): ChartTransition {
  const out: ChartTransition = { event, targets: (transition.target ?? []).map((t) => t.id) };
  if (
    transition.delay !== undefined &&
    (typeof transition.delay === "string" || typeof transition.delay === "number")
  ) {
    out.delay = String(transition.delay);
  }
  const guard = guardName(transition.guard);
  if (guard !== undefined) out.guard = guard;
  if (transition.reenter === true) out.reenter = true;
  return out;
}

/**
 * Named guards keep their name; composed ones (`and`, `not`) show their combinator's name.
 * An inline arrow is named after the `guard` property it was written in, which says nothing.
 */
function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === "string") return guard;
  if (typeof guard === "function") return guard.name === "" || guard.name === "guard" ? "inline" : guard.name;
  if (typeof guard === "object" && "type" in guard && typeof guard.type === "string") return guard.type;
  return "inline";
}

function metaDescription(meta: unknown): string | undefined {
  if (typeof meta !== "object" || meta === null || !("description" in meta)) return undefined;
  return typeof meta.description === "string" ? meta.description : undefined;
}

/** 8 hex digits of the definition's SHA-256: a changed machine gets a new key, an unchanged one keeps it. */
function contentHash(root: ChartNode): string {
  return createHash("sha256").update(JSON.stringify(root)).digest("hex").slice(0, 8);
}
