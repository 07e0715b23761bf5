/**
 * One agreement's life, from a scored draft proposal to its end: create, confirm and wait
 * for approval, idle in the pool, in use by a worker, reused when both sides allow
 * multi-activity, and ended by us (terminate or cancel), by the provider, or by a refusal.
 * Pure: the REST calls are actors bound with `.provide()` (services/actors/agreement.actors.ts).
 */
import { assign, fromPromise, sendParent, setup } from "xstate";
import type {
  AgreementContext,
  AgreementEvent,
  AgreementInput,
  AgreementOutcome,
  AgreementOutput,
  AgreementParentEvent,
  AgreementTimeouts,
  CancelledAs,
  ConfirmAgreementInput,
  ConfirmAgreementOutput,
  CreateAgreementInput,
  CreateAgreementOutput,
  EndAgreementInput,
} from "./agreement.types.js";
import { type Reason, reasonOf } from "./reason.js";

export type * from "./agreement.types.js";

/** yapapi waits 15 s for a provider's approval (`/wait?timeout=15`). */
export const DEFAULT_AGREEMENT_TIMEOUTS: AgreementTimeouts = { approvalTimeoutMs: 15_000 };

/** The reason sent when a worker is done with a single-activity agreement. */
export const FINISHED_REASON: Reason = { message: "Finished", "golem.requestor.code": "Success" };
/** yapapi's reason when a worker failed, so its agreement is not reused. */
export const CANCELLED_REASON: Reason = { message: "Work cancelled", "golem.requestor.code": "Cancelled" };

const notProvided = (actor: string) => async (): Promise<never> => {
  throw new Error(`agreement: actor ${actor} is not provided`);
};

/**
 * The agreement machine. The root spawns one per draft it picks, as `agreement:<proposalId>`.
 *
 * @example
 * const bound = agreementMachine.provide({ actors: agreementActors(market, drafts) });
 * enqueue.spawnChild(bound, { id: `agreement:${draft.proposalId}`, input: draft });
 */
export const agreementMachine = setup({
  types: {
    input: {} as AgreementInput,
    context: {} as AgreementContext,
    events: {} as AgreementEvent,
    output: {} as AgreementOutput,
  },
  actors: {
    createAgreement: fromPromise<CreateAgreementOutput, CreateAgreementInput>(notProvided("createAgreement")),
    confirmAgreement: fromPromise<ConfirmAgreementOutput, ConfirmAgreementInput>(
      notProvided("confirmAgreement"),
    ),
    cancelAgreement: fromPromise<void, EndAgreementInput>(notProvided("cancelAgreement")),
    terminateAgreement: fromPromise<void, EndAgreementInput>(notProvided("terminateAgreement")),
  },
  delays: {
    approvalTimeout: ({ context }) => context.timeouts.approvalTimeoutMs,
  },
  guards: {
    stopRequested: ({ context }) => context.stopRequested,
    approved: (_, params: { approved: boolean }) => params.approved,
    reusable: ({ context }, params: { reusable: boolean }) => params.reusable && context.multiActivity,
    cancelledAs: ({ context }, params: { as: CancelledAs }) => context.cancelledAs === params.as,
  },
  actions: {
    storeAgreementId: assign((_, params: { agreementId: string }) => ({ agreementId: params.agreementId })),
    setReason: assign((_, params: { reason: Reason }) => ({ reason: params.reason })),
    cancelAs: assign((_, params: { as: CancelledAs; reason: Reason }) => ({
      cancelledAs: params.as,
      reason: params.reason,
    })),
    settle: assign((_, params: { outcome: AgreementOutcome }) => ({ outcome: params.outcome })),
    report: sendParent(
      ({ context }, params: { type: "agreement.created" | "agreement.approved" | "agreement.rejected" }) =>
        ({
          type: params.type,
          proposalId: context.proposalId,
          agreementId: context.agreementId ?? "",
        }) satisfies AgreementParentEvent,
    ),
    reportEnded: sendParent(
      ({ context }) => ({ type: "agreement.ended", ...outputOf(context) }) satisfies AgreementParentEvent,
    ),
  },
}).createMachine({
  id: "agreement",
  context: ({ input }) => ({
    proposalId: input.proposalId,
    providerId: input.providerId,
    providerName: input.providerName,
    multiActivity: input.multiActivity,
    timeouts: { ...DEFAULT_AGREEMENT_TIMEOUTS, ...input.timeouts },
    stopRequested: false,
    cancelledAs: "terminated",
  }),
  initial: "creating",
  states: {
    creating: {
      invoke: {
        id: "createAgreement",
        src: "createAgreement",
        input: ({ context }) => ({ proposalId: context.proposalId }),
        onDone: [
          {
            // Asked to stop while the POST was in flight: the agreement exists now, so cancel it.
            guard: "stopRequested",
            target: "cancelling",
            actions: [
              { type: "storeAgreementId", params: ({ event }) => event.output },
              { type: "report", params: { type: "agreement.created" } },
            ],
          },
          {
            target: "confirming",
            actions: [
              { type: "storeAgreementId", params: ({ event }) => event.output },
              { type: "report", params: { type: "agreement.created" } },
            ],
          },
        ],
        onError: {
          target: "failed",
          actions: { type: "setReason", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
        },
      },
      on: {
        // The create call cannot be taken back; remember the request and act once it answers.
        "agreement.terminate": {
          actions: [
            assign({ stopRequested: true }),
            { type: "cancelAs", params: ({ event }) => ({ as: "terminated", reason: event.reason }) },
          ],
        },
      },
    },
    confirming: {
      invoke: {
        id: "confirmAgreement",
        src: "confirmAgreement",
        input: ({ context }) => ({ agreementId: context.agreementId! }),
        onDone: [
          {
            guard: { type: "approved", params: ({ event }) => event.output },
            target: "idle",
            actions: { type: "report", params: { type: "agreement.approved" } },
          },
          { target: "rejected", actions: { type: "report", params: { type: "agreement.rejected" } } },
        ],
        onError: {
          target: "cancelling",
          actions: {
            type: "cancelAs",
            params: ({ event }) => ({ as: "failed", reason: reasonOf(event.error) }),
          },
        },
      },
      after: {
        approvalTimeout: {
          target: "cancelling",
          actions: {
            type: "cancelAs",
            params: ({ context }) => ({
              as: "expired",
              reason: {
                message: `Not approved by the provider within ${context.timeouts.approvalTimeoutMs} ms`,
              },
            }),
          },
        },
      },
      on: {
        "agreement.terminate": {
          target: "cancelling",
          actions: { type: "cancelAs", params: ({ event }) => ({ as: "terminated", reason: event.reason }) },
        },
      },
    },
    cancelling: {
      invoke: {
        id: "cancelAgreement",
        src: "cancelAgreement",
        input: ({ context }) => ({ agreementId: context.agreementId!, reason: context.reason! }),
        onDone: [
          { guard: { type: "cancelledAs", params: { as: "expired" } }, target: "expired" },
          { guard: { type: "cancelledAs", params: { as: "failed" } }, target: "failed" },
          { target: "terminated" },
        ],
        onError: {
          target: "failed",
          actions: { type: "setReason", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
        },
      },
    },
    idle: {
      on: {
        "agreement.acquire": {
          target: "inUse",
          actions: assign({ workerId: ({ event }) => event.workerId }),
        },
        "agreement.terminate": {
          target: "terminating",
          actions: { type: "setReason", params: ({ event }) => event },
        },
        "agreement.providerTerminated": {
          target: "terminatedByProvider",
          actions: { type: "setReason", params: ({ event }) => event },
        },
      },
    },
    inUse: {
      on: {
        "agreement.release": [
          {
            guard: { type: "reusable", params: ({ event }) => event },
            target: "idle",
            actions: assign({ workerId: undefined }),
          },
          {
            target: "terminating",
            actions: {
              type: "setReason",
              params: ({ event }) => ({ reason: event.reusable ? FINISHED_REASON : CANCELLED_REASON }),
            },
          },
        ],
        "agreement.terminate": {
          target: "terminating",
          actions: { type: "setReason", params: ({ event }) => event },
        },
        "agreement.providerTerminated": {
          target: "terminatedByProvider",
          actions: { type: "setReason", params: ({ event }) => event },
        },
      },
    },
    terminating: {
      // A provider's termination arriving now is not taken: the agreement ends either way,
      // and the outcome stays the one we asked for.
      invoke: {
        id: "terminateAgreement",
        src: "terminateAgreement",
        input: ({ context }) => ({ agreementId: context.agreementId!, reason: context.reason! }),
        onDone: { target: "terminated" },
        onError: {
          target: "failed",
          actions: { type: "setReason", params: ({ event }) => ({ reason: reasonOf(event.error) }) },
        },
      },
    },
    // Final states: the actor stops on entry, so late events (a terminate racing the end,
    // the provider's termination event) are ignored on purpose.
    terminated: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "terminated" } }, "reportEnded"],
    },
    rejected: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "rejected" } }, "reportEnded"],
    },
    expired: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "expired" } }, "reportEnded"],
    },
    failed: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "failed" } }, "reportEnded"],
    },
    terminatedByProvider: {
      type: "final",
      entry: [{ type: "settle", params: { outcome: "terminatedByProvider" } }, "reportEnded"],
    },
  },
  output: ({ context }) => outputOf(context),
});

function outputOf(context: AgreementContext): AgreementOutput {
  const out: AgreementOutput = { proposalId: context.proposalId, outcome: context.outcome ?? "failed" };
  if (context.agreementId !== undefined) out.agreementId = context.agreementId;
  if (context.reason !== undefined) out.reason = context.reason;
  return out;
}
