/**
 * What the root's feeds report: the market negotiation (offers, responses, rejections) and
 * the payment documents, routed to the payment actor of their agreement; and what payment
 * actors report back. Each becomes the log's market and payment events.
 */
import type { ComputationContext, ComputationMachineEvent, DraftInfo } from "../computation.types.js";
import { parseAmount } from "../payment.amounts.js";
import { childId, errorInfoOf, type Work } from "./work.js";

type Ev<T extends ComputationMachineEvent["type"]> = Extract<ComputationMachineEvent, { type: T }>;

/**
 * Offers or drafts arrived (the feed reports a poll's worth at once, so that a crowded
 * market costs one step per batch): counted, and a ProposalReceived each in the log.
 *
 * @example
 * on: { "market.proposalsReceived": { actions: step("market.proposalsReceived", proposalsReceived) } }
 */
export function proposalsReceived(w: Work, event: Ev<"market.proposalsReceived">): void {
  w.set("offersCollected", w.ctx.offersCollected + event.proposals.length);
  for (const p of event.proposals)
    w.emit({ type: "ProposalReceived", propId: p.proposalId, providerId: p.providerId });
}

/**
 * We countered an offer: the log's ProposalResponded.
 *
 * @example
 * on: { "market.proposalResponded": { actions: step("market.proposalResponded", proposalResponded) } }
 */
export function proposalResponded(w: Work, event: Ev<"market.proposalResponded">): void {
  w.emit({ type: "ProposalResponded", propId: event.proposalId });
}

/**
 * We rejected an offer: the log's ProposalRejected with the reason.
 *
 * @example
 * on: { "market.offerRejected": { actions: step("market.offerRejected", offerRejected) } }
 */
export function offerRejected(w: Work, event: Ev<"market.offerRejected">): void {
  w.emit({
    type: "ProposalRejected",
    propId: event.proposalId,
    reason: event.reason,
    rejection: event.rejection,
  });
}

/**
 * Handling a proposal failed: the log's ProposalFailed.
 *
 * @example
 * on: { "market.proposalFailed": { actions: step("market.proposalFailed", proposalFailed) } }
 */
export function proposalFailed(w: Work, event: Ev<"market.proposalFailed">): void {
  w.emit({ type: "ProposalFailed", propId: event.proposalId, excInfo: errorInfoOf(event.error) });
}

/**
 * The "no proposals confirmed" warning, with what was collected so far.
 *
 * @example
 * after: { noProposalsWarning: { target: "awaiting", reenter: true, actions: step(warnNoProposals) } }
 */
export function warnNoProposals(w: Work): void {
  w.emit({
    type: "NoProposalsConfirmed",
    numOffers: w.ctx.offersCollected,
    timeout: w.ctx.timeouts.noProposalsWarningMs,
  });
}

/**
 * A debit note for one of our agreements goes to its payment actor while it takes notes.
 *
 * @example
 * on: { "payment.debitNote": { actions: step("payment.debitNote", routeDebitNote) } }
 */
export function routeDebitNote(w: Work, event: Ev<"payment.debitNote">): void {
  const payment = w.ctx.payments[event.agreementId];
  if (!payment || payment.outcome !== undefined) return;
  w.emit({
    type: "DebitNoteReceived",
    agrId: event.agreementId,
    noteId: event.debitNoteId,
    amount: event.amount,
  });
  w.send(childId.payment(event.agreementId), event);
}

/**
 * An invoice for one of our agreements goes to its payment actor (which reports it).
 *
 * @example
 * on: { "payment.invoice": { actions: step("payment.invoice", routeInvoice) } }
 */
export function routeInvoice(w: Work, event: Ev<"payment.invoice">): void {
  const payment = w.ctx.payments[event.agreementId];
  if (!payment || payment.outcome !== undefined) return;
  w.send(childId.payment(event.agreementId), event);
}

/**
 * The payment actor took the invoice: the log's InvoiceReceived.
 *
 * @example
 * on: { "payment.invoiceReceived": { actions: step("payment.invoiceReceived", invoiceReceived) } }
 */
export function invoiceReceived(w: Work, event: Ev<"payment.invoiceReceived">): void {
  w.emit({ type: "InvoiceReceived", agrId: event.agreementId, invId: event.invoiceId, amount: event.amount });
}

/**
 * The invoice is accepted: the agreement is paid.
 *
 * @example
 * on: { "payment.invoiceAccepted": { actions: step("payment.invoiceAccepted", invoiceAccepted) } }
 */
export function invoiceAccepted(w: Work, event: Ev<"payment.invoiceAccepted">): void {
  w.emit({ type: "PaymentAccepted", agrId: event.agreementId, invId: event.invoiceId, amount: event.amount });
  if (w.ctx.payments[event.agreementId]) {
    w.setPayment(event.agreementId, { outcome: "paid", invoiceAccepted: event.amount });
    const spent = parseAmount(w.ctx.spent)?.plus(parseAmount(event.amount) ?? 0);
    if (spent) w.set("spent", spent.toFixed());
  }
  w.stop(childId.payment(event.agreementId));
  w.changed();
}

/**
 * The payment actor gave up (over budget, no invoice, acceptance failed): the log's PaymentFailed.
 *
 * @example
 * on: { "payment.failed": { actions: step("payment.failed", paymentFailed) } }
 */
export function paymentFailed(w: Work, event: Ev<"payment.failed">): void {
  const error = { name: "PaymentError", message: event.reason };
  w.emit({ type: "PaymentFailed", agrId: event.agreementId, excInfo: errorInfoOf(error) });
  if (w.ctx.payments[event.agreementId]) w.setPayment(event.agreementId, { outcome: "failed" });
  w.stop(childId.payment(event.agreementId));
  w.changed();
}

/**
 * What the computation may still spend: the budget less the invoices accepted so far (the
 * allocation, reserved for the whole budget, bounds agreements paid at the same time).
 *
 * @example
 * remainingBudget({ ...context, budget: "5", spent: "1.5" }); // "3.5"
 */
export function remainingBudget(ctx: ComputationContext): string {
  const left = parseAmount(ctx.budget)?.minus(parseAmount(ctx.spent) ?? 0);
  return left === undefined || left.isNegative() ? "0" : left.toFixed();
}

/**
 * An approved agreement gets its payment actor, charging the allocation of the platform
 * negotiated with the provider, capped at what the computation may still spend.
 *
 * @example
 * startPayment(w, "agr-1", agreement.draft); // spawns payment:agr-1
 */
export function startPayment(w: Work, agreementId: string, draft: DraftInfo): void {
  const allocation = w.ctx.allocations.find((a) => a.platform === draft.platform) ?? w.ctx.allocations[0];
  if (!allocation || w.ctx.payments[agreementId]) return;
  const interval = draft.debitNoteIntervalSec;
  const timeouts = w.ctx.childTimeouts.payment;
  w.spawn({
    kind: "spawnPayment",
    id: childId.payment(agreementId),
    input: {
      agreementId,
      allocationId: allocation.allocationId,
      budget: remainingBudget(w.ctx),
      ...(interval === null ? {} : { debitNoteIntervalMs: interval * 1000 }),
      ...(timeouts ? { timeouts } : {}),
    },
  });
  w.setPayment(agreementId, { agreementId, allocationId: allocation.allocationId, ended: false });
}
