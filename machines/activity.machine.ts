/**
 * A worker's activity: create it under an approved agreement, deploy and start the
 * exe-unit, run the worker's batches one at a time (each with a deadline), and destroy it.
 * Every `batch.run` gets exactly one answer, `batch.finished` or `batch.failed`. Pure: the
 * REST calls are actors bound with `.provide()` (services/actors/activity.actors.ts).
 */
import { assign, fromPromise, sendParent, setup } from "xstate";
import type {
  ActivityContext,
  ActivityEvent,
  ActivityIdInput,
  ActivityInput,
  ActivityOutcome,
  ActivityOutput,
  ActivityParentEvent,
  ActivityTimeouts,
  CreateActivityInput,
  CreateActivityOutput,
  RunBatchInput,
  RunBatchOutput,
} from "./activity.types.js";
import { type ErrorJson, errorJson, type Reason, reasonOf } from "./reason.js";

export type * from "./activity.types.js";

/**
 * Deploying may download an image (minutes); yapapi gives batches no deadline by default,
 * so the default one is long; destroy waits 10 s on the daemon, plus a margin.
 */
export const DEFAULT_ACTIVITY_TIMEOUTS: ActivityTimeouts = {
  deployTimeoutMs: 5 * 60_000,
  batchTimeoutMs: 30 * 60_000,
  destroyTimeoutMs: 20_000,
};

const notProvided = (actor: string) => async (): Promise<never> => {
  throw new Error(`activity: actor ${actor} is not provided`);
};

/** The provider ended the exe-unit: nothing is left to destroy. */
const isTerminated = (error: unknown) => errorJson(error).name === "ActivityTerminatedError";

/**
 * The activity machine. The root spawns one per approved agreement, as `activity:<agreementId>`.
 *
 * @example
 * const bound = activityMachine.provide({ actors: activityActors(yagna.activity) });
 * enqueue.spawnChild(bound, { id: `activity:${agreementId}`, input: { agreementId } });
 */
export const activityMachine = setup({
  types: {
    input: {} as ActivityInput,
    context: {} as ActivityContext,
    events: {} as ActivityEvent,
    output: {} as ActivityOutput,
  },
  actors: {
    createActivity: fromPromise<CreateActivityOutput, CreateActivityInput>(notProvided("createActivity")),
    deploy: fromPromise<void, ActivityIdInput>(notProvided("deploy")),
    runBatch: fromPromise<RunBatchOutput, RunBatchInput>(notProvided("runBatch")),
    destroyActivity: fromPromise<void, ActivityIdInput>(notProvided("destroyActivity")),
  },
  delays: {
    deployTimeout: ({ context }) => context.timeouts.deployTimeoutMs,
    batchTimeout: ({ context }) => batchTimeoutMs(context),
    destroyTimeout: ({ context }) => context.timeouts.destroyTimeoutMs,
  },
  guards: {
    stopRequested: ({ context }) => context.stopRequested,
    terminated: (_, params: { error: unknown }) => isTerminated(params.error),
    failedBefore: ({ context }) => context.failure !== undefined,
  },
  actions: {
    storeActivityId: assign((_, params: { activityId: string }) => ({ activityId: params.activityId })),
    fail: assign((_, params: { reason: Reason }) => ({ failure: params.reason })),
    clearBatch: assign({ batch: undefined }),
    stop: assign((_, params: { reason?: Reason }) => (params.reason ? { reason: params.reason } : {})),
    settle: assign(({ context }, params: { outcome: ActivityOutcome; reason?: Reason }) => {
      const reason = params.reason ?? context.failure ?? context.reason;
      return reason ? { outcome: params.outcome, reason } : { outcome: params.outcome };
    }),
    report: sendParent(
      ({ context }, params: { type: "activity.created" | "activity.ready" }) =>
        ({
          type: params.type,
          agreementId: context.agreementId,
          activityId: context.activityId ?? "",
        }) satisfies ActivityParentEvent,
    ),
    reportFinished: sendParent(
      ({ context }, params: RunBatchOutput) =>
        ({
          type: "batch.finished",
          agreementId: context.agreementId,
          batchId: context.batch?.batchId ?? "",
          results: params.results,
        }) satisfies ActivityParentEvent,
    ),
    reportFailed: sendParent(
      ({ context }, params: { batchId?: string; error: ErrorJson }) =>
        ({
          type: "batch.failed",
          agreementId: context.agreementId,
          batchId: params.batchId ?? context.batch?.batchId ?? "",
          error: params.error,
        }) satisfies ActivityParentEvent,
    ),
    reportEnded: sendParent(
      ({ context }) => ({ type: "activity.ended", ...outputOf(context) }) satisfies ActivityParentEvent,
    ),
  },
}).createMachine({
  id: "activity",
  context: ({ input }) => ({
    agreementId: input.agreementId,
    timeouts: { ...DEFAULT_ACTIVITY_TIMEOUTS, ...input.timeouts },
    stopRequested: false,
  }),
  initial: "creating",
  on: {
    // Wherever a batch cannot start now (not deployed yet, one already running, being
    // destroyed), the worker still gets its answer.
    "batch.run": {
      actions: {
        type: "reportFailed",
        params: ({ context, event }) => ({
          batchId: event.batchId,
          error: {
            name: "ActivityNotReadyError",
            message: `The activity for agreement ${context.agreementId} is not ready to run batch ${event.batchId}`,
          },
        }),
      },
    },
  },
  states: {
    creating: {
      invoke: {
        id: "createActivity",
        src: "createActivity",
        input: ({ context }) => ({ agreementId: context.agreementId }),
        onDone: [
          {
            // Stopped while the POST was in flight: the exe-unit exists now, so destroy it.
            guard: "stopRequested",
            target: "destroying",
            actions: [
              { type: "storeActivityId", params: ({ event }) => event.output },
              { type: "report", params: { type: "activity.created" } },
            ],
          },
          {
            target: "deploying",
            actions: [
              { type: "storeActivityId", params: ({ event }) => event.output },
              { type: "report", params: { type: "activity.created" } },
            ],
          },
        ],
        onError: {
          target: "failed",
          actions: { type: "fail", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
        },
      },
      on: {
        // Creating cannot be taken back; remember the request and act once it answers.
        "activity.stop": {
          actions: [assign({ stopRequested: true }), { type: "stop", params: ({ event }) => event }],
        },
      },
    },
    deploying: {
      invoke: {
        id: "deploy",
        src: "deploy",
        input: ({ context }) => ({ activityId: context.activityId! }),
        onDone: { target: "ready", actions: { type: "report", params: { type: "activity.ready" } } },
        onError: [
          {
            guard: { type: "terminated", params: ({ event }) => ({ error: event.error }) },
            target: "failed",
            actions: { type: "fail", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
          },
          {
            target: "destroying",
            actions: { type: "fail", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
          },
        ],
      },
      after: {
        deployTimeout: {
          target: "destroying",
          actions: {
            type: "fail",
            params: ({ context }) => ({
              reason: {
                message: `Deploy did not finish within ${context.timeouts.deployTimeoutMs} ms`,
                error: "DeployTimeoutError",
              },
            }),
          },
        },
      },
      on: {
        "activity.stop": { target: "destroying", actions: { type: "stop", params: ({ event }) => event } },
      },
    },
    ready: {
      on: {
        "batch.run": {
          target: "runningBatch",
          actions: assign({
            batch: ({ event }) => {
              const batch = { batchId: event.batchId, commands: event.commands, stream: event.stream };
              return event.timeoutMs === undefined ? batch : { ...batch, timeoutMs: event.timeoutMs };
            },
          }),
        },
        "activity.stop": { target: "destroying", actions: { type: "stop", params: ({ event }) => event } },
      },
    },
    runningBatch: {
      invoke: {
        id: "runBatch",
        src: "runBatch",
        input: ({ context }) => ({
          activityId: context.activityId!,
          batchId: context.batch!.batchId,
          commands: context.batch!.commands,
          stream: context.batch!.stream,
          timeoutMs: batchTimeoutMs(context),
        }),
        onDone: {
          target: "ready",
          actions: [{ type: "reportFinished", params: ({ event }) => event.output }, "clearBatch"],
        },
        onError: [
          {
            // The provider ended the exe-unit under the batch: the activity is gone.
            guard: { type: "terminated", params: ({ event }) => ({ error: event.error }) },
            target: "failed",
            actions: [
              { type: "reportFailed", params: ({ event }) => ({ error: errorJson(event.error) }) },
              { type: "fail", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
            ],
          },
          {
            // A failed command, a missed deadline, a REST error: the worker decides what next.
            target: "ready",
            actions: [
              { type: "reportFailed", params: ({ event }) => ({ error: errorJson(event.error) }) },
              "clearBatch",
            ],
          },
        ],
      },
      after: {
        batchTimeout: {
          target: "ready",
          actions: [
            {
              type: "reportFailed",
              params: ({ context }) => ({
                error: {
                  name: "BatchTimeoutError",
                  message: `Batch ${context.batch?.batchId} did not finish within ${batchTimeoutMs(context)} ms`,
                },
              }),
            },
            "clearBatch",
          ],
        },
      },
      on: {
        "activity.stop": {
          target: "destroying",
          actions: [
            {
              type: "reportFailed",
              params: ({ context }) => ({
                error: {
                  name: "BatchCancelledError",
                  message: `The activity was stopped while batch ${context.batch?.batchId} was running`,
                },
              }),
            },
            { type: "stop", params: ({ event }) => event },
          ],
        },
      },
    },
    destroying: {
      invoke: {
        id: "destroyActivity",
        src: "destroyActivity",
        input: ({ context }) => ({ activityId: context.activityId! }),
        onDone: [{ guard: "failedBefore", target: "failed" }, { target: "destroyed" }],
        onError: {
          target: "failed",
          actions: {
            type: "fail",
            params: ({ context, event }) => ({ reason: context.failure ?? reasonOf(event.error) }),
          },
        },
      },
      after: { destroyTimeout: { target: "unresponsive" } },
    },
    // Final states: the actor stops on entry, so late events (a stop or a batch racing the
    // end) are ignored on purpose.
    destroyed: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "destroyed" } }, "reportEnded"],
    },
    failed: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "failed" } }, "reportEnded"],
    },
    unresponsive: {
      type: "final",
      entry: [
        {
          type: "settle",
          params: ({ context }) => ({
            outcome: "failed",
            reason: {
              message: `The provider did not answer the destroy of activity ${context.activityId} within ${context.timeouts.destroyTimeoutMs} ms`,
              error: "Unresponsive",
              ...(context.failure ? { cause: context.failure } : {}),
            },
          }),
        },
        "reportEnded",
      ],
    },
  },
  output: ({ context }) => outputOf(context),
});

function batchTimeoutMs(context: ActivityContext): number {
  return context.batch?.timeoutMs ?? context.timeouts.batchTimeoutMs;
}

function outputOf(context: ActivityContext): ActivityOutput {
  const out: ActivityOutput = { agreementId: context.agreementId, outcome: context.outcome ?? "failed" };
  if (context.activityId !== undefined) out.activityId = context.activityId;
  if (context.reason !== undefined) out.reason = context.reason;
  return out;
}
