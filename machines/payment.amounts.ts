/**
 * Pure money arithmetic of the payment machine: amounts travel as decimal strings and are
 * computed with decimal.js at a precision far above any token's 18 decimals, so sums are
 * exact. Nothing here throws: malformed amounts come back as `undefined` or a refusal.
 */
import { Decimal } from "decimal.js";
import type { PaymentContext, PendingDebitNote, ReceivedInvoice } from "./payment.types.js";

/** Enough significant digits for sums of 18-decimal amounts of any realistic size. */
const Money = Decimal.clone({ precision: 200 });

// Plain or exponent notation only: decimal.js would also read "0x10" or "Infinity".
const AMOUNT = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a non-negative decimal amount, or undefined when it is not one.
 *
 * @example
 * parseAmount("0.1")?.plus("0.2").toFixed(); // "0.3"
 */
export function parseAmount(text: string): Decimal | undefined {
  return typeof text === "string" && AMOUNT.test(text.trim()) ? new Money(text.trim()) : undefined;
}

/**
 * The agreement's amounts once `note` (cumulative for its activity) is accepted: the
 * activity's share becomes the larger of what was accepted for it and the note, and the
 * total moves by the difference. Undefined when an amount is malformed.
 *
 * @example
 * afterNote(context, { debitNoteId: "n2", activityId: "a1", amount: "0.3" })?.acceptedAmount; // "0.3" after "0.1"
 */
export function afterNote(
  context: Pick<PaymentContext, "acceptedAmount" | "acceptedByActivity">,
  note: PendingDebitNote,
): Pick<PaymentContext, "acceptedAmount" | "acceptedByActivity"> | undefined {
  const amount = parseAmount(note.amount);
  const total = parseAmount(context.acceptedAmount);
  const before = parseAmount(context.acceptedByActivity[note.activityId] ?? "0");
  if (amount === undefined || total === undefined || before === undefined) return undefined;
  const share = Money.max(before, amount);
  return {
    acceptedAmount: total.minus(before).plus(share).toFixed(),
    acceptedByActivity: { ...context.acceptedByActivity, [note.activityId]: share.toFixed() },
  };
}

/**
 * Why the next queued debit note must not be accepted (malformed, or over the budget),
 * or undefined when it may be.
 *
 * @example
 * noteRefusal({ ...context, budget: "1", queue: [{ debitNoteId: "n", activityId: "a", amount: "2" }] });
 * // "over budget: debit note n of 2 would bring the accepted total to 2, over the budget of 1"
 */
export function noteRefusal(context: PaymentContext): string | undefined {
  const note = context.queue[0];
  if (note === undefined) return undefined;
  const total = afterNote(context, note)?.acceptedAmount;
  if (total === undefined)
    return `debit note ${note.debitNoteId}: not a decimal amount: ${JSON.stringify(note.amount)}`;
  return overBudget(context, `debit note ${note.debitNoteId} of ${note.amount}`, total);
}

/**
 * Why the invoice must not be accepted (malformed, or over the budget), or undefined.
 *
 * @example
 * invoiceRefusal({ ...context, budget: "1", invoice: { invoiceId: "i", amount: "1" } }); // undefined
 */
export function invoiceRefusal(context: PaymentContext): string | undefined {
  const invoice = context.invoice;
  if (invoice === undefined) return undefined;
  const total = totalAfterInvoice(context, invoice);
  if (total === undefined)
    return `invoice ${invoice.invoiceId}: not a decimal amount: ${JSON.stringify(invoice.amount)}`;
  return overBudget(context, `invoice ${invoice.invoiceId} of ${invoice.amount}`, total);
}

/**
 * The agreement's accepted total once its invoice is accepted: the invoice bills the whole
 * agreement, so the total becomes the invoice's amount (never less than what the debit
 * notes already spent: the daemon refuses such an invoice).
 *
 * @example
 * totalAfterInvoice(context, { invoiceId: "i", amount: "0.5" }); // "0.5"
 */
export function totalAfterInvoice(context: PaymentContext, invoice: ReceivedInvoice): string | undefined {
  const amount = parseAmount(invoice.amount);
  const total = parseAmount(context.acceptedAmount);
  if (amount === undefined || total === undefined) return undefined;
  return Money.max(total, amount).toFixed();
}

function overBudget(context: PaymentContext, what: string, total: string): string | undefined {
  const budget = parseAmount(context.budget);
  if (budget === undefined) return `the budget is not a decimal amount: ${JSON.stringify(context.budget)}`;
  if (!budget.lt(total)) return undefined;
  return `over budget: ${what} would bring the accepted total to ${total}, over the budget of ${context.budget}`;
}
