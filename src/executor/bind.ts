/**
 * Assembles a computation: every machine bound to its REST actors (services/actors) over
 * one daemon connection, plus the actors only src/ can provide (building the demand from
 * the package and the strategy).
 */
import { fromPromise } from "xstate";
import { activityMachine } from "../../machines/activity.machine.js";
import { agreementMachine } from "../../machines/agreement.machine.js";
import { computationMachine } from "../../machines/computation.machine.js";
import { paymentMachine } from "../../machines/payment.machine.js";
import { taskMachine } from "../../machines/task.machine.js";
import { activityActors, type BatchCommandEvent } from "../../services/actors/activity.actors.js";
import { agreementActors } from "../../services/actors/agreement.actors.js";
import { marketActors } from "../../services/actors/market.actors.js";
import { paymentActors } from "../../services/actors/payment.actors.js";
import type { OfferProposal, YagnaApi } from "../../services/index.js";
import { buildDemand } from "../decorate-demand.js";
import type { Package } from "../demand-decorator.js";
import type { ComputationHistory, MarketStrategy } from "../strategy/market-strategy.js";
import { strategyNegotiator } from "./negotiator.js";

/** What one computation is bound to. */
export interface BindOptions {
  api: YagnaApi;
  package: Package;
  strategy: MarketStrategy;
  history: ComputationHistory;
  subnetTag: string | null;
  /** Epoch ms: the demand's expiration. */
  expiresAt: number;
  appSessionId: string;
  /** Every command event of a running batch (for the log's command events). */
  onCommandEvent: (event: BatchCommandEvent) => void;
  /** How long the daemon may hold each long poll, ms. */
  pollTimeoutMs?: number;
}

/**
 * The root machine with everything bound.
 *
 * @example
 * const machine = bindComputation({ api, package: pkg, strategy, history, subnetTag: null,
 *   expiresAt: Date.now() + 15 * 60_000, appSessionId: randomUUID(), onCommandEvent: () => {} });
 * const actor = createActor(machine, { id: "computation", input });
 */
export function bindComputation(opts: BindOptions) {
  const { api } = opts;
  const drafts = new Map<string, OfferProposal>();
  const negotiator = strategyNegotiator(opts.strategy, opts.history);
  const feedOptions = opts.pollTimeoutMs === undefined ? {} : { pollTimeoutMs: opts.pollTimeoutMs };
  const market = marketActors(api.market, api.payment, negotiator, drafts, {
    appSessionId: opts.appSessionId,
    ...feedOptions,
  });
  const payments = paymentActors(api.payment);
  const agreement = agreementMachine.provide({
    actors: agreementActors(api.market, drafts, { appSessionId: opts.appSessionId }),
  });
  const activity = activityMachine.provide({
    actors: activityActors(api.activity, { onCommandEvent: opts.onCommandEvent }),
  });
  const payment = paymentMachine.provide({
    actors: { acceptDebitNote: payments.acceptDebitNote, acceptInvoice: payments.acceptInvoice },
  });
  return computationMachine.provide({
    actors: {
      allocate: market.allocate,
      buildDemand: fromPromise(async ({ input }) => {
        const builder = await buildDemand({
          expiration: opts.expiresAt,
          subnetTag: opts.subnetTag,
          payment: input.decoration,
          package: opts.package,
          strategy: opts.strategy,
        });
        return builder.toDemand();
      }),
      subscribe: market.subscribe,
      offerFeed: market.offerFeed,
      agreementEventsFeed: market.agreementEventsFeed,
      paymentEventsFeed: payments.paymentEventsFeed,
      releaseResources: market.releaseResources,
      agreement,
      activity,
      task: taskMachine,
      payment,
    },
  });
}
