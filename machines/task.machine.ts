/**
 * One task of a computation, from the queue to its accepted result (or its failure).
 *
 * The root (`computation`) spawns one per input item as `task:<taskId>`, hands queued ones
 * to ready workers with `task.assign`, and relays what the worker did with it. A rejected
 * task with `retry` goes back to the queue, counted and capped by `maxRetries`; a task
 * whose worker died before a result (`task.unassign`) goes back without being counted.
 * Nothing here remembers which workers had the task: a rescheduled task may go to any
 * worker, the same one included (yapapi's SmartQueue refused that and stalled, #890).
 */
import { assign, sendParent, setup } from "xstate";
import type { JsonValue } from "../src/json.js";

/** yapapi has no cap; ours is 3 retries, i.e. at most 4 runs of one task. */
export const DEFAULT_MAX_RETRIES = 3;

export interface TaskInput {
  taskId: string;
  /** How many times a task rejected with `retry` goes back to the queue. Default 3. */
  maxRetries?: number;
}

export interface TaskContext {
  taskId: string;
  maxRetries: number;
  /** Rejections with retry so far (unassignments do not count). */
  retries: number;
  /** The worker holding the task (assigned or running). */
  workerId?: string;
  result?: JsonValue;
  reason?: string;
}

export type TaskEvent =
  | { type: "task.assign"; workerId: string }
  | { type: "task.start" }
  | { type: "task.accept"; result?: JsonValue }
  | { type: "task.reject"; reason?: string; retry?: boolean }
  | { type: "task.unassign" }
  | { type: "task.cancel"; reason?: string };

export interface TaskOutput {
  taskId: string;
  outcome: "accepted" | "failed";
  result?: JsonValue;
  reason?: string;
  retries: number;
}

/** What the task tells the root (`sendParent`). */
export type TaskParentEvent = { type: "task.queued"; taskId: string } | ({ type: "task.ended" } & TaskOutput);

function outputOf(context: TaskContext, outcome: TaskOutput["outcome"]): TaskOutput {
  const out: TaskOutput = { taskId: context.taskId, outcome, retries: context.retries };
  if (context.result !== undefined) out.result = context.result;
  if (context.reason !== undefined) out.reason = context.reason;
  return out;
}

/**
 * The task machine (pure: no actors, no delays). A rejection with `retry` while fewer than
 * `maxRetries` retries were made sends the task back to `queued` (counted); any other
 * rejection ends it `failed` with the rejection's reason.
 *
 * @example
 * const task = createActor(taskMachine, { input: { taskId: "1", maxRetries: 2 } }).start();
 * task.send({ type: "task.assign", workerId: "activity:a1" });
 */
export const taskMachine = setup({
  types: {
    input: {} as TaskInput,
    context: {} as TaskContext,
    events: {} as TaskEvent,
    output: {} as TaskOutput,
  },
  guards: {
    canRetry: ({ context, event }) =>
      event.type === "task.reject" && event.retry === true && context.retries < context.maxRetries,
  },
  actions: {
    notifyQueued: sendParent(
      ({ context }): TaskParentEvent => ({ type: "task.queued", taskId: context.taskId }),
    ),
    notifyAccepted: sendParent(
      ({ context }): TaskParentEvent => ({
        type: "task.ended",
        ...outputOf(context, "accepted"),
      }),
    ),
    notifyFailed: sendParent(
      ({ context }): TaskParentEvent => ({
        type: "task.ended",
        ...outputOf(context, "failed"),
      }),
    ),
    unassign: assign({ workerId: undefined }),
    cancel: assign({
      workerId: undefined,
      reason: ({ event }) => (event.type === "task.cancel" && event.reason) || "cancelled",
    }),
  },
}).createMachine({
  id: "task",
  context: ({ input }) => ({
    taskId: input.taskId,
    maxRetries: input.maxRetries ?? DEFAULT_MAX_RETRIES,
    retries: 0,
  }),
  initial: "queued",
  states: {
    queued: {
      on: {
        "task.assign": {
          target: "assigned",
          actions: assign({ workerId: ({ event }) => event.workerId }),
        },
        "task.cancel": { target: "failed", actions: "cancel" },
      },
    },
    assigned: {
      on: {
        "task.start": "running",
        "task.unassign": { target: "queued", actions: ["unassign", "notifyQueued"] },
        "task.cancel": { target: "failed", actions: "cancel" },
      },
    },
    running: {
      on: {
        "task.accept": {
          target: "accepted",
          actions: assign({ result: ({ event }) => event.result ?? null, reason: undefined }),
        },
        // yapapi's REJECTED status is this decision, not a state: a transient `rejected`
        // state would never show in a snapshot, so the choice is made on the transition.
        "task.reject": [
          {
            guard: "canRetry",
            target: "queued",
            actions: [
              assign({
                retries: ({ context }) => context.retries + 1,
                reason: ({ event }) => event.reason ?? "rejected",
                workerId: undefined,
              }),
              "notifyQueued",
            ],
          },
          {
            target: "failed",
            actions: assign({ reason: ({ event }) => event.reason ?? "rejected", workerId: undefined }),
          },
        ],
        "task.unassign": { target: "queued", actions: ["unassign", "notifyQueued"] },
        "task.cancel": { target: "failed", actions: "cancel" },
      },
    },
    // Final states take no events: a late accept/reject/cancel for an ended task is
    // ignored on purpose (the root may relay one that crossed the end).
    accepted: {
      type: "final",
      entry: "notifyAccepted",
      output: ({ context }) => outputOf(context, "accepted"),
    },
    failed: {
      type: "final",
      entry: "notifyFailed",
      output: ({ context }) => outputOf(context, "failed"),
    },
  },
  output: ({ event }) => event.output as TaskOutput,
});
