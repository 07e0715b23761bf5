/**
 * Types of the agreement machine: its input, context, the events it takes and sends, its
 * output, and the input/output of the REST actors it invokes (bound in
 * services/actors/agreement.actors.ts).
 */
import type { Reason } from "./reason.js";

/** The agreement machine's named delays, in ms. */
export interface AgreementTimeouts {
  /** From entering `confirming` to giving up on the provider's approval. */
  approvalTimeoutMs: number;
}

/** What the root knows of a draft proposal when it decides to make an agreement of it. */
export interface AgreementInput {
  proposalId: string;
  providerId: string;
  providerName: string;
  /** Both sides advertise `golem.srv.caps.multi-activity`: the agreement may be reused. */
  multiActivity: boolean;
  timeouts?: Partial<AgreementTimeouts>;
}

/** How an agreement ended. */
export type AgreementOutcome = "terminated" | "rejected" | "expired" | "failed" | "terminatedByProvider";

/** Which final state an agreement that is being cancelled ends in. */
export type CancelledAs = "terminated" | "expired" | "failed";

export interface AgreementContext {
  proposalId: string;
  providerId: string;
  providerName: string;
  multiActivity: boolean;
  timeouts: AgreementTimeouts;
  /** Set once the daemon created the agreement. */
  agreementId?: string;
  /** The worker using the agreement while `inUse`. */
  workerId?: string;
  /** Set by a terminate request that came while the agreement was still being created. */
  stopRequested: boolean;
  /** The final state `cancelling` leads to. */
  cancelledAs: CancelledAs;
  reason?: Reason;
  outcome?: AgreementOutcome;
}

/** Events the root sends to an agreement. */
export type AgreementEvent =
  | { type: "agreement.acquire"; workerId: string }
  | { type: "agreement.release"; reusable: boolean }
  | { type: "agreement.terminate"; reason: Reason }
  | { type: "agreement.providerTerminated"; reason: Reason };

/** Events an agreement sends to the root (`sendParent`). */
export type AgreementParentEvent =
  | { type: "agreement.created"; proposalId: string; agreementId: string }
  | { type: "agreement.approved"; proposalId: string; agreementId: string }
  | { type: "agreement.rejected"; proposalId: string; agreementId: string }
  | {
      type: "agreement.ended";
      proposalId: string;
      agreementId?: string;
      outcome: AgreementOutcome;
      reason?: Reason;
    };

export interface AgreementOutput {
  proposalId: string;
  agreementId?: string;
  outcome: AgreementOutcome;
  reason?: Reason;
}

/** `createAgreement`: makes the agreement from the draft. */
export interface CreateAgreementInput {
  proposalId: string;
}
export interface CreateAgreementOutput {
  agreementId: string;
}

/**
 * `confirmAgreement`: confirms and waits for the provider's answer. It must not give up by
 * itself: the machine's `approvalTimeout` decides when waiting is over.
 */
export interface ConfirmAgreementInput {
  agreementId: string;
}
export interface ConfirmAgreementOutput {
  approved: boolean;
}

/** `cancelAgreement` (not yet approved) and `terminateAgreement` (approved). */
export interface EndAgreementInput {
  agreementId: string;
  reason: Reason;
}
