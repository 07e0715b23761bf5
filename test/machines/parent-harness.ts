// Runs a child machine under a minimal parent that records every event the child sends it
// (`sendParent`, and the done event), on a SimulatedClock, with transition coverage.
import {
  type ActorRefFrom,
  type AnyEventObject,
  type AnyStateMachine,
  createActor,
  createMachine,
  type InputFrom,
  SimulatedClock,
} from "xstate";
import { trackCoverage } from "./coverage.js";

/** A child machine running under a recording parent. */
export interface UnderParent<M extends AnyStateMachine> {
  child: ActorRefFrom<M>;
  clock: SimulatedClock;
  /** Every event the parent received, in order. */
  received: AnyEventObject[];
  /** The received events of one type. */
  sent(type: string): AnyEventObject[];
  stop(): void;
}

/**
 * Starts `machine` (coverage recorded under `coverageOf`, default the machine itself) as
 * the invoked child `child` of a recording parent.
 *
 * @example
 * const run = startUnderParent(taskMachine, { taskId: "1" });
 * run.child.send({ type: "task.cancel" });
 * run.sent("task.ended"); // [{ type: "task.ended", taskId: "1", outcome: "failed", ... }]
 */
export function startUnderParent<M extends AnyStateMachine>(
  machine: M,
  input: InputFrom<M>,
  opts: { clock?: SimulatedClock; coverageOf?: AnyStateMachine } = {},
): UnderParent<M> {
  const received: AnyEventObject[] = [];
  const parent = createMachine({
    id: "parentHarness",
    invoke: { id: "child", src: machine, input },
    on: { "*": { actions: ({ event }) => void received.push(event) } },
  });
  const clock = opts.clock ?? new SimulatedClock();
  const actor = createActor(parent, { clock, inspect: trackCoverage(opts.coverageOf ?? machine) }).start();
  const child = actor.getSnapshot().children.child as ActorRefFrom<M>;
  return {
    child,
    clock,
    received,
    sent: (type) => received.filter((e) => e.type === type),
    stop: () => actor.stop(),
  };
}

/**
 * Lets promise-based actors settle: one macrotask turn runs every pending microtask.
 *
 * @example
 * deferred.resolve();
 * await settle();
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
