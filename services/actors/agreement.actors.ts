/**
 * The REST actors of the agreement machine (machines/agreement.machine.ts), bound with
 * `agreementMachine.provide({ actors: agreementActors(market, drafts) })`. Their input and
 * output types repeat the machine's placeholders (services/ does not import machines/);
 * TypeScript checks that they match where the machine is provided.
 */
import { fromPromise } from "xstate";
import type { Market } from "../market/market.js";
import { DEFAULT_AGREEMENT_VALIDITY_MS, type OfferProposal } from "../market/offer-proposal.js";
import type { JsonReason } from "./json.js";

/**
 * Where the agreement actors find the draft a proposal id names. The negotiation (the
 * root's market feed) puts drafts in; `createAgreement` takes each out once it is used. A
 * `Map<string, OfferProposal>` fits.
 */
export interface DraftRegistry {
  get(proposalId: string): OfferProposal | undefined;
  delete(proposalId: string): boolean;
}

/** Options of `agreementActors`. */
export interface AgreementActorOptions {
  /** Scopes the agreement's events (`confirm?appSessionId=`). */
  appSessionId?: string;
  /** How long a new agreement is valid, ms. Default one hour (yapapi). */
  validityMs?: number;
  /** Longest single wait for approval, ms; the machine's `approvalTimeout` ends the waiting. Default 15 000. */
  approvalPollMs?: number;
}

/**
 * `createAgreement`, `confirmAgreement`, `cancelAgreement` and `terminateAgreement` over the
 * market API. Each call is aborted through xstate's `signal` when its state is left (where
 * the services API takes a signal: confirm and wait do; create, cancel and terminate are
 * single short calls without one).
 *
 * @example
 * const drafts = new Map<string, OfferProposal>();
 * const bound = agreementMachine.provide({ actors: agreementActors(yagna.market, drafts) });
 */
export function agreementActors(market: Market, drafts: DraftRegistry, opts: AgreementActorOptions = {}) {
  const validityMs = opts.validityMs ?? DEFAULT_AGREEMENT_VALIDITY_MS;
  const pollMs = opts.approvalPollMs ?? 15_000;
  return {
    createAgreement: fromPromise<{ agreementId: string }, { proposalId: string }>(async ({ input }) => {
      const draft = drafts.get(input.proposalId);
      if (!draft) throw new Error(`createAgreement: no draft proposal ${input.proposalId} is registered`);
      const agreement = await draft.createAgreement(new Date(Date.now() + validityMs));
      drafts.delete(input.proposalId);
      return { agreementId: agreement.id };
    }),

    // Resolves only on the provider's answer: a wait that times out on the daemon (false
    // with the agreement still Pending) is followed by another one.
    confirmAgreement: fromPromise<{ approved: boolean }, { agreementId: string }>(
      async ({ input, signal }) => {
        const agreement = market.agreement(input.agreementId);
        let approved = await agreement.confirm({
          appSessionId: opts.appSessionId,
          timeoutMs: pollMs,
          signal,
        });
        while (!approved) {
          signal.throwIfAborted();
          const { state } = await agreement.details();
          if (state !== "Pending") return { approved: state === "Approved" };
          approved = await agreement.waitForApproval({ timeoutMs: pollMs, signal });
        }
        return { approved };
      },
    ),

    // An agreement approved just as we gave up on it cannot be cancelled any more (410):
    // it is terminated instead, so that it does not stay open on the provider.
    cancelAgreement: fromPromise<void, { agreementId: string; reason: JsonReason }>(async ({ input }) => {
      const agreement = market.agreement(input.agreementId);
      if (!(await agreement.cancel(input.reason))) await agreement.terminate(input.reason);
    }),

    // False from terminate means it had already ended (410), which is what was asked for.
    terminateAgreement: fromPromise<void, { agreementId: string; reason: JsonReason }>(async ({ input }) => {
      await market.agreement(input.agreementId).terminate(input.reason);
    }),
  };
}
