import { HttpError } from "../http.js";
import type { AgreementRecord, AgreementState } from "./model.js";

/** The daemon's allowed agreement transitions (yagna-protocol.md 2.5). */
const ALLOWED: Record<AgreementState, AgreementState[]> = {
  Proposal: ["Pending", "Cancelled", "Expired"],
  Pending: ["Approved", "Cancelled", "Rejected", "Expired"],
  Approved: ["Terminated"],
  Cancelled: [],
  Rejected: [],
  Expired: [],
  Terminated: [],
};

/**
 * Whether an agreement may move to `to`.
 *
 * @example
 * canMove(agreement, "Terminated"); // true only when Approved
 */
export function canMove(a: AgreementRecord, to: AgreementState): boolean {
  return ALLOWED[a.state].includes(to);
}

/**
 * Moves an agreement to `to`, or throws the daemon's error: 409 from `Proposal`
 * (e.g. terminate before confirm), 410 from any other state.
 *
 * @example
 * moveTo(agreement, "Cancelled");
 */
export function moveTo(a: AgreementRecord, to: AgreementState): void {
  if (!canMove(a, to)) {
    throw new HttpError(
      a.state === "Proposal" ? 409 : 410,
      `Agreement [${a.agreementId}]. Error: Can't update Agreement state from ${a.state} to ${to}.`,
    );
  }
  a.state = to;
  a.changed.notify();
}
