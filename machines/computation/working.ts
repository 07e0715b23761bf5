/**
 * The root's `working` state: preparing (allocation, demand, subscription), then running
 * (market feed with re-subscription, agreement-events feed, the "no proposals" warning),
 * bounded by the computation timeout and ended by success, failure or cancellation.
 */

import { assign, emit } from "xstate";
import { errorJson } from "../reason.js";
import { addDraft, dispatch } from "./agreements.js";
import {
  offerRejected,
  proposalFailed,
  proposalResponded,
  proposalsReceived,
  warnNoProposals,
} from "./feeds.js";
import { computationSetup as s, step } from "./setup.js";
import { endWith } from "./shutdown.js";
import { addTasks, requestTasks } from "./tasks.js";
import { activityReady } from "./workers.js";

const SHUTDOWN = "#computation.live.shuttingDown";

/**
 * Publishing the demand, first or again after it expired: the subscription id and
 * SubscriptionCreated on success, SubscriptionFailed and a failed computation otherwise.
 */
function subscribeState(id: "subscribe" | "resubscribe", target: string) {
  return s.createStateConfig({
    invoke: {
      id,
      src: "subscribe",
      input: ({ context }) => ({ demand: context.demand! }),
      onDone: {
        target,
        actions: [
          assign({ subscriptionId: ({ event }) => event.output.subscriptionId }),
          emit(({ event }) => ({ type: "SubscriptionCreated" as const, subId: event.output.subscriptionId })),
        ],
      },
      onError: {
        target: SHUTDOWN,
        actions: [
          emit(({ event }) => ({
            type: "SubscriptionFailed" as const,
            reason: errorJson(event.error).message,
          })),
          assign({ outcome: "failed", error: ({ event }) => errorJson(event.error) }),
        ],
      },
    },
  });
}

const preparing = s.createStateConfig({
  on: { "work.changed": { actions: step(requestTasks) } },
  initial: "allocating",
  states: {
    allocating: {
      invoke: {
        id: "allocate",
        src: "allocate",
        input: ({ context }) => ({
          budget: context.budget,
          driver: context.driver,
          network: context.network,
          expiresAt: context.expiresAt + context.timeouts.invoiceWaitTimeoutMs,
        }),
        onDone: [
          {
            guard: { type: "noAccount", params: ({ event }) => ({ output: event.output }) },
            target: SHUTDOWN,
            actions: assign({
              outcome: "failed",
              error: ({ context }) => ({
                name: "NoPaymentAccountError",
                message: `No payment account available for driver \`${context.driver}\` and network \`${context.network}\``,
              }),
            }),
          },
          {
            target: "buildingDemand",
            actions: [
              assign(({ event }) => ({ ...event.output, started: true })),
              emit(({ context }) => ({ type: "ComputationStarted" as const, expires: context.expiresAt })),
            ],
          },
        ],
        onError: {
          target: SHUTDOWN,
          actions: assign({ outcome: "failed", error: ({ event }) => errorJson(event.error) }),
        },
      },
    },
    buildingDemand: {
      invoke: {
        id: "buildDemand",
        src: "buildDemand",
        input: ({ context }) => ({ decoration: context.decoration ?? { properties: [], constraints: [] } }),
        onDone: { target: "subscribing", actions: assign({ demand: ({ event }) => event.output }) },
        onError: {
          target: SHUTDOWN,
          actions: assign({ outcome: "failed", error: ({ event }) => errorJson(event.error) }),
        },
      },
    },
    subscribing: subscribeState("subscribe", "#computation.live.working.running"),
  },
});

const running = s.createStateConfig({
  type: "parallel",
  // Every task given has ended and the input has no more: done.
  always: { guard: "allTasksDone", target: SHUTDOWN, actions: step((w) => endWith(w, "finished")) },
  on: {
    "work.changed": { actions: step(dispatch) },
    "market.proposalsReceived": { actions: step("market.proposalsReceived", proposalsReceived) },
    "market.proposalResponded": { actions: step("market.proposalResponded", proposalResponded) },
    "market.offerRejected": { actions: step("market.offerRejected", offerRejected) },
    "market.proposalFailed": { actions: step("market.proposalFailed", proposalFailed) },
    "market.draft": { actions: step("market.draft", addDraft) },
  },
  states: {
    market: {
      initial: "collecting",
      states: {
        collecting: {
          invoke: {
            id: "offerFeed",
            src: "offerFeed",
            input: ({ context }) => ({
              subscriptionId: context.subscriptionId!,
              demand: context.demand!,
              platforms: context.allocations.map((a) => a.platform),
              subnetTag: context.subnetTag,
            }),
            onError: {
              target: SHUTDOWN,
              actions: [
                emit(({ context, event }) => ({
                  type: "CollectFailed" as const,
                  subId: context.subscriptionId ?? "",
                  reason: errorJson(event.error).message,
                })),
                assign({ outcome: "failed", error: ({ event }) => errorJson(event.error) }),
              ],
            },
          },
          on: {
            // The demand expired or was dropped by the daemon: publish it again.
            "market.subscriptionExpired": "resubscribing",
            "market.collectFailed": {
              target: SHUTDOWN,
              actions: step("market.collectFailed", (w, e) => {
                w.emit({ type: "CollectFailed", subId: w.ctx.subscriptionId ?? "", reason: e.reason });
                endWith(w, "failed", { name: "CollectFailed", message: e.reason });
              }),
            },
          },
        },
        resubscribing: subscribeState("resubscribe", "collecting"),
      },
    },
    agreementEvents: {
      initial: "listening",
      states: {
        listening: {
          invoke: {
            id: "agreementEvents",
            src: "agreementEventsFeed",
            input: ({ context }) => (context.appSessionId ? { appSessionId: context.appSessionId } : {}),
            // Without the feed, providers' terminations show up as failed batches instead.
            onError: "stopped",
          },
        },
        stopped: {},
      },
    },
    proposals: {
      initial: "awaiting",
      states: {
        awaiting: {
          after: {
            noProposalsWarning: [
              { guard: "proposalsConfirmed", target: "confirmed" },
              { target: "awaiting", reenter: true, actions: step(warnNoProposals) },
            ],
          },
        },
        confirmed: {},
      },
    },
  },
});

/**
 * The `working` state: preparing then running, under the computation timeout.
 *
 * @example
 * states: { working, shuttingDown }
 */
export const working = s.createStateConfig({
  entry: step(requestTasks),
  after: {
    computationTimeout: {
      target: SHUTDOWN,
      actions: step((w) =>
        endWith(w, "failed", {
          name: "TimeoutError",
          message: `Computation timed out after ${w.ctx.timeouts.computationTimeoutMs} ms`,
        }),
      ),
    },
  },
  on: {
    "tasks.add": { actions: step("tasks.add", addTasks) },
    "tasks.inputFailed": {
      target: SHUTDOWN,
      actions: step("tasks.inputFailed", (w, e) => endWith(w, "failed", e.error)),
    },
    "computation.fail": {
      target: SHUTDOWN,
      actions: step("computation.fail", (w, e) => endWith(w, "failed", e.error)),
    },
    "computation.cancel": {
      target: SHUTDOWN,
      actions: step("computation.cancel", (w, e) =>
        endWith(w, "cancelled", { name: "CancelledError", message: e.reason ?? "Computation cancelled" }),
      ),
    },
    "activity.ready": { actions: step("activity.ready", (w, e) => activityReady(w, e, true)) },
  },
  initial: "preparing",
  states: { preparing, running },
});
