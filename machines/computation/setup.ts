/**
 * The root machine's setup: its types, the actors it invokes (placeholders bound with
 * `.provide()` in src/) and spawns (the child machines), its named delays and guards, and
 * `step`, which turns a bookkeeping function over a `Work` into one xstate action.
 */
import { type AnyEventObject, assign, emit, fromCallback, fromPromise, setup } from "xstate";
import { activityMachine } from "../activity.machine.js";
import { agreementMachine } from "../agreement.machine.js";
import type {
  AllocateInput,
  AllocateOutput,
  BuildDemandInput,
  ComputationContext,
  ComputationEmitted,
  ComputationInput,
  ComputationMachineEvent,
  ComputationOutcome,
  ComputationOutput,
  ComputationTimeouts,
  DemandJson,
  FeedInput,
  OfferFeedInput,
  ReleaseInput,
  SubscribeInput,
  SubscribeOutput,
} from "../computation.types.js";
import { paymentMachine } from "../payment.machine.js";
import { errorJson } from "../reason.js";
import { taskMachine } from "../task.machine.js";
import { noAgreements, noWorkers, paymentsSettled } from "./shutdown.js";
import { allTasksDone } from "./tasks.js";
import { type Effect, Work } from "./work.js";

/** yapapi's timings where it has them (15 min, 20 s, 10 s, 30 s). */
export const DEFAULT_COMPUTATION_TIMEOUTS: ComputationTimeouts = {
  computationTimeoutMs: 15 * 60_000,
  noProposalsWarningMs: 20_000,
  workerStopTimeoutMs: 10_000,
  agreementTerminateTimeoutMs: 10_000,
  invoiceWaitTimeoutMs: 30_000,
  releaseTimeoutMs: 10_000,
};

const notProvided = (actor: string) => (): never => {
  throw new Error(`computation: actor ${actor} is not provided`);
};
const notProvidedAsync = (actor: string) => async (): Promise<never> => notProvided(actor)();

/**
 * The root's `setup()`: types, actor placeholders and child machines, delays, guards, named actions.
 *
 * @example
 * const working = computationSetup.createStateConfig({ initial: "preparing", states: { ... } });
 */
export const computationSetup = setup({
  types: {
    input: {} as ComputationInput,
    context: {} as ComputationContext,
    events: {} as ComputationMachineEvent,
    output: {} as ComputationOutput,
    emitted: {} as ComputationEmitted,
  },
  actors: {
    allocate: fromPromise<AllocateOutput, AllocateInput>(notProvidedAsync("allocate")),
    buildDemand: fromPromise<DemandJson, BuildDemandInput>(notProvidedAsync("buildDemand")),
    subscribe: fromPromise<SubscribeOutput, SubscribeInput>(notProvidedAsync("subscribe")),
    offerFeed: fromCallback<AnyEventObject, OfferFeedInput>(notProvided("offerFeed")),
    agreementEventsFeed: fromCallback<AnyEventObject, FeedInput>(notProvided("agreementEventsFeed")),
    paymentEventsFeed: fromCallback<AnyEventObject, FeedInput>(notProvided("paymentEventsFeed")),
    releaseResources: fromPromise<void, ReleaseInput>(notProvidedAsync("releaseResources")),
    agreement: agreementMachine,
    activity: activityMachine,
    task: taskMachine,
    payment: paymentMachine,
  },
  delays: {
    computationTimeout: ({ context }) => context.timeouts.computationTimeoutMs,
    noProposalsWarning: ({ context }) => context.timeouts.noProposalsWarningMs,
    workerStopTimeout: ({ context }) => context.timeouts.workerStopTimeoutMs,
    agreementTerminateTimeout: ({ context }) => context.timeouts.agreementTerminateTimeoutMs,
    invoiceWaitTimeout: ({ context }) => context.timeouts.invoiceWaitTimeoutMs,
    releaseTimeout: ({ context }) => context.timeouts.releaseTimeoutMs,
  },
  actions: {
    /** Unsubscribing or releasing failed (`error`) or took too long (no error). */
    recordReleaseFailure: assign(({ context }, params: { error?: unknown }) => ({
      shutdownError:
        params.error === undefined
          ? {
              name: "TimeoutError",
              message: `Releasing the allocations took longer than ${context.timeouts.releaseTimeoutMs} ms`,
            }
          : errorJson(params.error),
    })),
    /** The log's last event: the shutdown is over (with what went wrong in it, if anything). */
    emitShutdownFinished: emit(({ context }) => {
      const e = context.shutdownError;
      return {
        type: "ShutdownFinished" as const,
        excInfo: e ? { name: e.name, message: e.message, stack: null, code: null } : null,
      };
    }),
  },
  guards: {
    noAccount: (_, params: { output: AllocateOutput }) => params.output.allocations.length === 0,
    allTasksDone: ({ context }) => allTasksDone(context),
    noWorkers: ({ context }) => noWorkers(context),
    noAgreements: ({ context }) => noAgreements(context),
    paymentsSettled: ({ context }) => paymentsSettled(context),
    proposalsConfirmed: ({ context }) => context.proposalsConfirmed > 0,
    outcomeIs: ({ context }, params: { outcome: ComputationOutcome }) => context.outcome === params.outcome,
  },
});

type Enqueue = Parameters<Parameters<typeof computationSetup.enqueueActions>[0]>[0]["enqueue"];

function apply(enqueue: Enqueue, effect: Effect): void {
  switch (effect.kind) {
    case "emit":
      enqueue.emit(effect.event);
      break;
    case "send":
      enqueue.sendTo(effect.to, effect.event);
      break;
    case "stop":
      enqueue.stopChild(effect.id);
      break;
    case "raise":
      enqueue.raise({ type: "work.changed" });
      break;
    case "spawnAgreement":
      enqueue.spawnChild("agreement", { id: effect.id, input: effect.input });
      break;
    case "spawnActivity":
      enqueue.spawnChild("activity", { id: effect.id, input: effect.input });
      break;
    case "spawnTask":
      enqueue.spawnChild("task", { id: effect.id, input: effect.input });
      break;
    case "spawnPayment":
      enqueue.spawnChild("payment", { id: effect.id, input: effect.input });
      break;
  }
}

type EventOf<T extends ComputationMachineEvent["type"]> = Extract<ComputationMachineEvent, { type: T }>;

/**
 * An action running `fn` on a `Work` of the context: the changed fields are assigned, then
 * the effects run in order. `type` narrows the event (the action is only used on that
 * event's transitions); without it `fn` gets the event untyped (timers, invoke results).
 *
 * @example
 * on: { "tasks.add": { actions: step("tasks.add", addTasks) } }
 */
export function step<T extends ComputationMachineEvent["type"]>(
  type: T,
  fn: (w: Work, event: EventOf<T>) => void,
): ReturnType<typeof computationSetup.enqueueActions>;
export function step(
  fn: (w: Work, event: AnyEventObject) => void,
): ReturnType<typeof computationSetup.enqueueActions>;
export function step(
  typeOrFn: string | ((w: Work, event: AnyEventObject) => void),
  fn?: (w: Work, event: ComputationMachineEvent) => void,
): ReturnType<typeof computationSetup.enqueueActions> {
  return computationSetup.enqueueActions(({ context, event, enqueue }) => {
    const w = new Work(context);
    if (typeof typeOrFn === "function") typeOrFn(w, event);
    else if (event.type === typeOrFn) fn?.(w, event);
    const patch = w.patch();
    if (Object.keys(patch).length > 0) enqueue.assign(patch);
    for (const effect of w.effects) apply(enqueue, effect);
  });
}
