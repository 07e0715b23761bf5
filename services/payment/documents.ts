import type { Decimal } from "decimal.js";
import { pathOf, type RestClient } from "../http/rest-client.js";
import type { Allocation } from "./allocation.js";
import { type Amount, decimalString, toDecimal } from "./money.js";
import type { Acceptance, DebitNoteData, DocumentStatus, InvoiceData } from "./types.js";

/** Options of accepting a document. */
export interface AcceptOptions {
  /** How long the daemon waits for the provider's ack, ms. Default 15 000 (the daemon's). */
  ackTimeoutMs?: number;
  signal?: AbortSignal;
}

async function accept(
  client: RestClient,
  kind: "debitNotes" | "invoices",
  id: string,
  amount: Amount,
  allocation: Allocation | string,
  opts: AcceptOptions,
): Promise<void> {
  const ackTimeoutMs = opts.ackTimeoutMs ?? 15_000;
  const body: Acceptance = {
    totalAmountAccepted: decimalString(amount),
    allocationId: typeof allocation === "string" ? allocation : allocation.id,
  };
  await client.request({
    method: "POST",
    path: `/${kind}${pathOf`/${id}`}/accept`,
    query: { timeout: ackTimeoutMs / 1000 },
    body,
    longPollMs: ackTimeoutMs,
    signal: opts.signal,
    // Accepting is idempotent in the daemon (an accepted document answers 200 again).
    retry: ["timeout", "reset"],
  });
}

/**
 * A debit note from a provider: the cumulative cost of one activity so far.
 *
 * @example
 * const note = await payment.debitNote(event.debitNoteId);
 * await note.accept(note.totalAmountDue, allocation);
 */
export class DebitNote {
  readonly id: string;
  readonly totalAmountDue: Decimal;

  constructor(
    readonly client: RestClient,
    readonly data: DebitNoteData,
  ) {
    this.id = data.debitNoteId;
    this.totalAmountDue = toDecimal(data.totalAmountDue, "totalAmountDue");
  }

  get agreementId(): string {
    return this.data.agreementId;
  }

  get activityId(): string {
    return this.data.activityId;
  }

  get status(): DocumentStatus {
    return this.data.status;
  }

  /** Set on payable notes (mid-agreement payments) only. */
  get paymentDueDate(): Date | undefined {
    return this.data.paymentDueDate ? new Date(this.data.paymentDueDate) : undefined;
  }

  /**
   * Accepts the note for `amount`, which the daemon requires to equal `totalAmountDue`,
   * charged to `allocation`.
   *
   * @example
   * await note.accept(note.totalAmountDue, allocation);
   */
  accept(amount: Amount, allocation: Allocation | string, opts: AcceptOptions = {}): Promise<void> {
    return accept(this.client, "debitNotes", this.id, amount, allocation, opts);
  }
}

/**
 * An invoice from a provider: the total for one agreement.
 *
 * @example
 * const invoice = await payment.invoice(event.invoiceId);
 * await invoice.accept(invoice.amount, allocation);
 */
export class Invoice {
  readonly id: string;
  readonly amount: Decimal;

  constructor(
    readonly client: RestClient,
    readonly data: InvoiceData,
  ) {
    this.id = data.invoiceId;
    this.amount = toDecimal(data.amount, "amount");
  }

  get agreementId(): string {
    return this.data.agreementId;
  }

  get status(): DocumentStatus {
    return this.data.status;
  }

  get paymentDueDate(): Date {
    return new Date(this.data.paymentDueDate);
  }

  /**
   * Accepts the invoice for `amount` (which must equal `amount`), charged to `allocation`.
   *
   * @example
   * await invoice.accept(invoice.amount, allocation);
   */
  accept(amount: Amount, allocation: Allocation | string, opts: AcceptOptions = {}): Promise<void> {
    return accept(this.client, "invoices", this.id, amount, allocation, opts);
  }
}
