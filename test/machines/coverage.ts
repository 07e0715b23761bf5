// Transition coverage for the machines, across every test that runs them (unit,
// model-based, integration): `trackCoverage(machine)` gives an inspect callback that
// records which states were entered and which declared transitions were taken; the
// records are written under test/artifacts/transition-coverage/ when the test process
// exits, and scripts/run-tests.mjs prints the merged report after the run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AnyStateMachine, InspectionEvent } from "xstate";

/** A state node as the coverage walk sees it (xstate's StateNode, narrowed). */
interface NodeLike {
  id: string;
  type: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, { target?: readonly NodeLike[] | undefined }[]>;
  always?: unknown[];
}

/** Every atomic or final state, and every declared `state|event` transition of a machine. */
export function universe(machine: AnyStateMachine): { states: string[]; transitions: string[] } {
  const states: string[] = [];
  const transitions: string[] = [];
  const walk = (node: NodeLike) => {
    const children = Object.values(node.states);
    if (children.length === 0 && node !== (machine.root as unknown as NodeLike)) states.push(node.id);
    for (const [event] of node.transitions) transitions.push(`${node.id}|${event}`);
    if (node.always && node.always.length > 0) transitions.push(`${node.id}|(always)`);
    children.forEach(walk);
  };
  walk(machine.root as unknown as NodeLike);
  return { states, transitions };
}

interface Record_ {
  machine: string;
  states: string[];
  transitions: string[];
  coveredStates: Set<string>;
  coveredTransitions: Set<string>;
}

const records = new Map<string, Record_>();
let hooked = false;

function record(machine: AnyStateMachine): Record_ {
  let r = records.get(machine.id);
  if (!r) {
    const u = universe(machine);
    r = { machine: machine.id, ...u, coveredStates: new Set(), coveredTransitions: new Set() };
    records.set(machine.id, r);
  }
  if (!hooked) {
    hooked = true;
    process.on("exit", flush);
  }
  return r;
}

/**
 * An `inspect` callback for `createActor(..., { inspect })` that records coverage of
 * every actor in the system whose logic is one of `machines`.
 *
 * @example
 * const actor = createActor(agreementMachine, { input, inspect: trackCoverage(agreementMachine) });
 */
export function trackCoverage(...machines: AnyStateMachine[]): (event: InspectionEvent) => void {
  const byId = new Map(machines.map((m) => [m.id, m] as const));
  for (const m of machines) record(m);
  return (event) => {
    const logic = (event.actorRef as unknown as { logic?: { id?: string } }).logic;
    const machine = logic?.id === undefined ? undefined : byId.get(logic.id);
    if (!machine) return;
    const r = record(machine);
    if (event.type === "@xstate.microstep") {
      for (const t of event._transitions as unknown as { source: NodeLike; eventType: string }[]) {
        r.coveredTransitions.add(`${t.source.id}|${t.eventType === "" ? "(always)" : t.eventType}`);
      }
    }
    if (event.type === "@xstate.snapshot") {
      const nodes = (event.snapshot as unknown as { _nodes?: NodeLike[] })._nodes ?? [];
      for (const n of nodes) if (Object.keys(n.states).length === 0) r.coveredStates.add(n.id);
    }
  };
}

function flush(): void {
  const dir = join(new URL("../..", import.meta.url).pathname, "test/artifacts/transition-coverage");
  mkdirSync(dir, { recursive: true });
  for (const r of records.values()) {
    writeFileSync(
      join(dir, `${r.machine}.${process.pid}.json`),
      JSON.stringify({
        machine: r.machine,
        states: r.states,
        transitions: r.transitions,
        coveredStates: [...r.coveredStates],
        coveredTransitions: [...r.coveredTransitions],
      }),
    );
  }
}
