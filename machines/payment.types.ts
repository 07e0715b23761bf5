/**
 * Types of the payment machine (`payment.machine.ts`): its input, context, events in and
 * out, output, and the input/output of the REST actors it invokes. Money is always a
 * decimal string here; arithmetic happens on Decimal inside guards and actions only.
 */

/** Named delays of the payment machine, in ms. */
export interface PaymentTimeouts {
  /** Slack after the agreed debit-note interval before a missing note is reported. */
  debitNoteGraceMs: number;
  /** How long to wait for the invoice once the agreement has ended. */
  invoiceTimeoutMs: number;
}

export interface PaymentInput {
  agreementId: string;
  /** The allocation every acceptance is charged to. */
  allocationId: string;
  /** Decimal string: the most this machine may accept in total for its agreement. */
  budget: string;
  /** The agreed debit-note interval; without it missing notes are not reported. */
  debitNoteIntervalMs?: number;
  timeouts?: Partial<PaymentTimeouts>;
}

/** A debit note waiting for acceptance. */
export interface PendingDebitNote {
  debitNoteId: string;
  activityId: string;
  amount: string;
}

/** The invoice, once one arrived. */
export interface ReceivedInvoice {
  invoiceId: string;
  amount: string;
}

export interface PaymentContext {
  agreementId: string;
  allocationId: string;
  budget: string;
  debitNoteIntervalMs?: number;
  timeouts: PaymentTimeouts;
  /** What has been accepted so far for the agreement (the allocation's spending for it). */
  acceptedAmount: string;
  /** Per activity, the highest cumulative amount accepted (debit notes are cumulative). */
  acceptedByActivity: Record<string, string>;
  /** Debit notes in arrival order; the head is the one being accepted. */
  queue: PendingDebitNote[];
  /** The ids of the latest notes seen, so that a note delivered twice is accepted once. */
  recentDebitNoteIds: string[];
  /** Set when `payment.agreementEnded` arrives while a note is being accepted. */
  agreementEnded: boolean;
  invoice?: ReceivedInvoice;
  reason?: string;
}

/**
 * Events the payment machine takes. The root forwards the feed's events, which also carry
 * `agreementId`; one naming another agreement is ignored.
 */
export type PaymentEvent =
  | {
      type: "payment.debitNote";
      agreementId?: string;
      debitNoteId: string;
      activityId: string;
      amount: string;
    }
  | { type: "payment.invoice"; agreementId?: string; invoiceId: string; amount: string }
  | { type: "payment.agreementEnded"; agreementId?: string };

/** What the payment machine tells the root (`sendParent`). */
export type PaymentParentEvent =
  | { type: "payment.debitNoteAccepted"; agreementId: string; debitNoteId: string; amount: string }
  | { type: "payment.debitNoteLate"; agreementId: string; waitedMs: number }
  | { type: "payment.invoiceReceived"; agreementId: string; invoiceId: string; amount: string }
  | { type: "payment.invoiceAccepted"; agreementId: string; invoiceId: string; amount: string }
  | { type: "payment.failed"; agreementId: string; reason: string };

export interface PaymentOutput {
  agreementId: string;
  outcome: "paid" | "failed";
  /** Decimal string: what the allocation spent on this agreement through this machine. */
  acceptedAmount: string;
  reason?: string;
}

/** Input of the `acceptDebitNote` actor: accept exactly `amount`, charged to the allocation. */
export interface AcceptDebitNoteInput {
  agreementId: string;
  allocationId: string;
  debitNoteId: string;
  amount: string;
}

/** Input of the `acceptInvoice` actor: accept exactly `amount`, charged to the allocation. */
export interface AcceptInvoiceInput {
  agreementId: string;
  allocationId: string;
  invoiceId: string;
  amount: string;
}
