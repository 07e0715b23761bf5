import type { Clock } from "../clock.js";
import type { Ids } from "../ids.js";
import { EventLog } from "./event-log.js";
import { formatAmount, type Money } from "./money.js";

/** `InvoiceStatus` of the spec, shared by debit notes and invoices. */
export type DocStatus = "ISSUED" | "RECEIVED" | "ACCEPTED" | "REJECTED" | "FAILED" | "SETTLED" | "CANCELLED";

/** Who bills whom, on which platform, for which agreement. */
export interface Parties {
  issuerId: string;
  recipientId: string;
  payeeAddr: string;
  payerAddr: string;
  paymentPlatform: string;
  agreementId: string;
  /** The agreement's `appSessionId`, for the event filter. */
  appSessionId?: string;
}

export interface DebitNoteRecord extends Parties {
  debitNoteId: string;
  previousDebitNoteId?: string;
  timestampMs: number;
  activityId: string;
  /** Cumulative for the activity since its start. */
  totalAmountDue: Money;
  usageCounterVector?: number[];
  /** Only on payable notes. */
  paymentDueDateMs?: number;
  status: DocStatus;
}

export interface InvoiceRecord extends Parties {
  invoiceId: string;
  timestampMs: number;
  activityIds: string[];
  amount: Money;
  paymentDueDateMs: number;
  status: DocStatus;
}

export type NewDebitNote = Omit<DebitNoteRecord, "debitNoteId" | "timestampMs" | "status">;
export type NewInvoice = Omit<InvoiceRecord, "invoiceId" | "timestampMs" | "status">;

/**
 * The requestor's received debit notes and invoices, with their event streams. Document
 * timestamps are event times too (a whole millisecond each), so paging the lists by
 * `afterTimestamp` is as lossless as paging the events.
 *
 * @example
 * const docs = new Documents(clock, ids);
 * const note = docs.receiveDebitNote({ ...parties, activityId, totalAmountDue });
 * docs.setStatus(note, "ACCEPTED");
 */
export class Documents {
  readonly debitNoteEvents: EventLog;
  readonly invoiceEvents: EventLog;
  readonly #debitNotes = new Map<string, DebitNoteRecord>();
  readonly #invoices = new Map<string, InvoiceRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {
    this.debitNoteEvents = new EventLog("DebitNote", "debitNoteId", clock);
    this.invoiceEvents = new EventLog("Invoice", "invoiceId", clock);
  }

  /** Stores a debit note the provider sent, as RECEIVED, and announces it. */
  receiveDebitNote(fields: NewDebitNote): DebitNoteRecord {
    const timestampMs = this.clock.eventTime();
    const note: DebitNoteRecord = {
      debitNoteId: this.ids.uuid(),
      timestampMs,
      ...fields,
      status: "RECEIVED",
    };
    this.#debitNotes.set(note.debitNoteId, note);
    this.debitNoteEvents.append(note.debitNoteId, "RECEIVED", note.appSessionId);
    return note;
  }

  /** Stores an invoice the provider sent, as RECEIVED, and announces it. */
  receiveInvoice(fields: NewInvoice): InvoiceRecord {
    const timestampMs = this.clock.eventTime();
    const invoice: InvoiceRecord = { invoiceId: this.ids.uuid(), timestampMs, ...fields, status: "RECEIVED" };
    this.#invoices.set(invoice.invoiceId, invoice);
    this.invoiceEvents.append(invoice.invoiceId, "RECEIVED", invoice.appSessionId);
    return invoice;
  }

  debitNote(id: string): DebitNoteRecord | undefined {
    return this.#debitNotes.get(id);
  }

  invoice(id: string): InvoiceRecord | undefined {
    return this.#invoices.get(id);
  }

  debitNotes(): DebitNoteRecord[] {
    return [...this.#debitNotes.values()];
  }

  invoices(): InvoiceRecord[] {
    return [...this.#invoices.values()];
  }

  invoiceOf(agreementId: string): InvoiceRecord | undefined {
    return this.invoices().find((i) => i.agreementId === agreementId);
  }

  /** Moves a document on; ACCEPTED and SETTLED get their events (SETTLED also PAYMENT_OK). */
  setStatus(doc: DebitNoteRecord | InvoiceRecord, status: "ACCEPTED" | "SETTLED"): void {
    doc.status = status;
    const isNote = "debitNoteId" in doc;
    const log = isNote ? this.debitNoteEvents : this.invoiceEvents;
    const id = isNote ? doc.debitNoteId : doc.invoiceId;
    log.append(id, status, doc.appSessionId);
    if (status === "SETTLED") log.append(id, "PAYMENT_OK", doc.appSessionId);
  }
}

/**
 * The `DebitNote` JSON (yagna-protocol.md 4.5): `previousDebitNoteId`,
 * `usageCounterVector` and `paymentDueDate` are omitted when unset.
 *
 * @example
 * json(200, debitNoteJson(note, clock));
 */
export function debitNoteJson(n: DebitNoteRecord, clock: Clock): Record<string, unknown> {
  const out: Record<string, unknown> = {
    debitNoteId: n.debitNoteId,
    issuerId: n.issuerId,
    recipientId: n.recipientId,
    payeeAddr: n.payeeAddr,
    payerAddr: n.payerAddr,
    paymentPlatform: n.paymentPlatform,
  };
  if (n.previousDebitNoteId !== undefined) out.previousDebitNoteId = n.previousDebitNoteId;
  out.timestamp = clock.iso(n.timestampMs);
  out.agreementId = n.agreementId;
  out.activityId = n.activityId;
  out.totalAmountDue = formatAmount(n.totalAmountDue);
  if (n.usageCounterVector !== undefined) out.usageCounterVector = n.usageCounterVector;
  if (n.paymentDueDateMs !== undefined) out.paymentDueDate = clock.iso(n.paymentDueDateMs);
  out.status = n.status;
  return out;
}

/**
 * The `Invoice` JSON (yagna-protocol.md 4.5).
 *
 * @example
 * json(200, invoiceJson(invoice, clock));
 */
export function invoiceJson(i: InvoiceRecord, clock: Clock): Record<string, unknown> {
  return {
    invoiceId: i.invoiceId,
    issuerId: i.issuerId,
    recipientId: i.recipientId,
    payeeAddr: i.payeeAddr,
    payerAddr: i.payerAddr,
    paymentPlatform: i.paymentPlatform,
    timestamp: clock.iso(i.timestampMs),
    agreementId: i.agreementId,
    activityIds: i.activityIds,
    amount: formatAmount(i.amount),
    paymentDueDate: clock.iso(i.paymentDueDateMs),
    status: i.status,
  };
}
