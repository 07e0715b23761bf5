import { HttpError } from "../http.js";
import type { DebitNoteRecord, Documents, InvoiceRecord } from "./documents.js";
import { type AllocationRecord, type Ledger, remaining } from "./ledger.js";
import { formatAmount, Money, maxAmount, parseAmount } from "./money.js";
import type { NewPayment, Payments } from "./payments.js";

/** A validated `Acceptance` body. */
interface AcceptanceBody {
  amount: Money;
  allocationId: string;
}

function readAcceptance(body: unknown): AcceptanceBody {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "The request body must be a JSON object {totalAmountAccepted, allocationId}");
  }
  const b = body as Record<string, unknown>;
  if (b.totalAmountAccepted === undefined) throw new HttpError(400, "totalAmountAccepted is required");
  const amount = parseAmount(b.totalAmountAccepted);
  if (typeof amount === "string") throw new HttpError(400, `totalAmountAccepted ${amount}`);
  if (typeof b.allocationId !== "string")
    throw new HttpError(400, "allocationId is required and must be a string");
  return { amount, allocationId: b.allocationId };
}

/**
 * The requestor's side of accepting debit notes and invoices (yagna-protocol.md 4.6):
 * the exact-amount rule, idempotence, the allocation checks, and charging only what was
 * not accepted before (per activity for debit notes, per agreement for the invoice).
 * Every charge is paid at once: the allocation spends it, the account pays it, a
 * Payment is recorded and the document goes ACCEPTED then SETTLED.
 *
 * @example
 * const acceptance = new Acceptance(ledger, documents, payments);
 * acceptance.acceptDebitNote(noteId, { totalAmountAccepted: "0.01", allocationId });
 */
export class Acceptance {
  readonly #byActivity = new Map<string, Money>();
  readonly #byAgreement = new Map<string, Money>();

  constructor(
    private readonly ledger: Ledger,
    private readonly documents: Documents,
    private readonly payments: Payments,
  ) {}

  /** What the requestor accepted through debit notes for an activity. */
  acceptedForActivity(activityId: string): Money {
    return this.#byActivity.get(activityId) ?? new Money(0);
  }

  acceptDebitNote(id: string, body: unknown): void {
    const acceptance = readAcceptance(body);
    const note = this.documents.debitNote(id);
    if (!note) throw new HttpError(404, null);
    if (!note.totalAmountDue.eq(acceptance.amount)) throw new HttpError(400, "Invalid amount accepted");
    if (!this.#acceptable(note, "Debit note cancelled")) return;
    const invoice = this.documents.invoiceOf(note.agreementId);
    if (invoice && (invoice.status === "ACCEPTED" || invoice.status === "SETTLED")) return;

    const accepted = this.acceptedForActivity(note.activityId);
    const charge = maxAmount(note.totalAmountDue.minus(accepted), new Money(0));
    const allocation = this.#allocationFor(note, acceptance.allocationId, charge);

    this.#byActivity.set(note.activityId, maxAmount(accepted, note.totalAmountDue));
    this.#byAgreement.set(
      note.agreementId,
      (this.#byAgreement.get(note.agreementId) ?? new Money(0)).plus(charge),
    );
    this.documents.setStatus(note, "ACCEPTED");
    if (charge.gt(0)) {
      this.ledger.spend(allocation, charge, { agreementId: note.agreementId, activityId: note.activityId });
      this.#pay(note, charge, {
        activityPayments: [
          { activityId: note.activityId, amount: charge, allocationId: allocation.allocationId },
        ],
      });
    }
    this.documents.setStatus(note, "SETTLED");
  }

  acceptInvoice(id: string, body: unknown): void {
    const acceptance = readAcceptance(body);
    const invoice = this.documents.invoice(id);
    if (!invoice) throw new HttpError(404, null);
    if (!invoice.amount.eq(acceptance.amount)) throw new HttpError(400, "Invalid amount accepted");
    if (!this.#acceptable(invoice, "Invoice cancelled")) return;

    const viaNotes = this.#byAgreement.get(invoice.agreementId) ?? new Money(0);
    if (invoice.amount.lt(viaNotes)) {
      throw new HttpError(
        400,
        "Invoice is smaller than agreement.total_amount_accepted. " +
          `invoice_id=${invoice.invoiceId}, invoice_amount=${formatAmount(invoice.amount)}, total_amount_accepted=${formatAmount(viaNotes)}`,
      );
    }
    const charge = invoice.amount.minus(viaNotes);
    const allocation = this.#allocationFor(invoice, acceptance.allocationId, charge);

    this.documents.setStatus(invoice, "ACCEPTED");
    if (charge.gt(0)) {
      this.ledger.spend(allocation, charge, { agreementId: invoice.agreementId });
      this.#pay(invoice, charge, {
        agreementPayments: [
          { agreementId: invoice.agreementId, amount: charge, allocationId: allocation.allocationId },
        ],
      });
    }
    this.documents.setStatus(invoice, "SETTLED");
  }

  /** True when the document can be accepted now; false when it already was (200, nothing to do). */
  #acceptable(doc: DebitNoteRecord | InvoiceRecord, cancelled: string): boolean {
    if (doc.status === "ACCEPTED" || doc.status === "SETTLED") return false;
    if (doc.status === "CANCELLED") throw new HttpError(400, cancelled);
    return true;
  }

  /** The allocation to pay from: known, active, of the document's platform and payer, with funds. */
  #allocationFor(
    doc: DebitNoteRecord | InvoiceRecord,
    allocationId: string,
    charge: Money,
  ): AllocationRecord {
    const allocation = this.ledger.get(allocationId);
    if (allocation === undefined) throw new HttpError(400, `Allocation ${allocationId} not found`);
    if (allocation === "gone")
      throw new HttpError(410, `Allocation ${allocationId} has been already released`);
    if (
      allocation.platform !== doc.paymentPlatform ||
      allocation.address.toLowerCase() !== doc.payerAddr.toLowerCase()
    ) {
      throw new HttpError(
        400,
        `Allocation ${allocationId} is for platform ${allocation.platform} and address ${allocation.address}, ` +
          `but the document is payable on platform ${doc.paymentPlatform} by ${doc.payerAddr}`,
      );
    }
    const left = remaining(allocation);
    if (charge.gt(left)) {
      throw new HttpError(
        400,
        `Not enough funds. Allocated: ${formatAmount(left)} Needed: ${formatAmount(charge)}`,
      );
    }
    return allocation;
  }

  #pay(
    doc: DebitNoteRecord | InvoiceRecord,
    amount: Money,
    basis: Partial<Pick<NewPayment, "agreementPayments" | "activityPayments">>,
  ): void {
    const payment: NewPayment = {
      payerId: doc.recipientId,
      payeeId: doc.issuerId,
      payerAddr: doc.payerAddr,
      payeeAddr: doc.payeeAddr,
      paymentPlatform: doc.paymentPlatform,
      amount,
      agreementPayments: basis.agreementPayments ?? [],
      activityPayments: basis.activityPayments ?? [],
    };
    if (doc.appSessionId !== undefined) payment.appSessionId = doc.appSessionId;
    this.payments.record(payment);
  }
}
