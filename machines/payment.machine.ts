/**
 * Paying one agreement: its debit notes while activities run, then its invoice.
 *
 * The root spawns one per agreement as `payment:<agreementId>` and forwards what its
 * payment-events feed reads for that agreement. Debit notes are accepted one at a time, in
 * arrival order, for exactly their amount; a note delivered twice is accepted once. After
 * `payment.agreementEnded` (or an invoice, which means the provider considers it over) the
 * machine waits for the invoice, accepts it exactly once, and ends `paid`. Anything that
 * would take the accepted total over `budget` is not accepted: the machine ends `failed`.
 */
import { assign, fromPromise, sendParent, setup } from "xstate";
import { afterNote, invoiceRefusal, noteRefusal, totalAfterInvoice } from "./payment.amounts.js";
import type {
  AcceptDebitNoteInput,
  AcceptInvoiceInput,
  PaymentContext,
  PaymentEvent,
  PaymentInput,
  PaymentOutput,
  PaymentParentEvent,
  PaymentTimeouts,
} from "./payment.types.js";
import { errorJson } from "./reason.js";

export type * from "./payment.types.js";

/**
 * Grace after the agreed interval as in yapapi 0.9 (30 s); invoice wait as yapapi's
 * CFG_INVOICE_TIMEOUT (5 min).
 */
export const DEFAULT_PAYMENT_TIMEOUTS: PaymentTimeouts = {
  debitNoteGraceMs: 30_000,
  invoiceTimeoutMs: 5 * 60_000,
};

/** How many recent debit-note ids are remembered to drop duplicates (a feed re-read). */
const RECENT_NOTES = 64;

/** The debit note being accepted: the head of the queue. */
function headNote(context: PaymentContext): { debitNoteId: string; amount: string } {
  const note = context.queue[0];
  return { debitNoteId: note?.debitNoteId ?? "", amount: note?.amount ?? "0" };
}

function invoiceOf(context: PaymentContext): { invoiceId: string; amount: string } {
  return { invoiceId: context.invoice?.invoiceId ?? "", amount: context.invoice?.amount ?? "0" };
}

function forThisAgreement(context: PaymentContext, event: PaymentEvent): boolean {
  return event.agreementId === undefined || event.agreementId === context.agreementId;
}

function outputOf(context: PaymentContext, outcome: PaymentOutput["outcome"]): PaymentOutput {
  const out: PaymentOutput = {
    agreementId: context.agreementId,
    outcome,
    acceptedAmount: context.acceptedAmount,
  };
  if (context.reason !== undefined) out.reason = context.reason;
  return out;
}

/**
 * The payment machine; bind `acceptDebitNote` and `acceptInvoice` with `.provide()`.
 *
 * @example
 * const payment = createActor(paymentMachine.provide({ actors: paymentActors(yagna.payment) }), {
 *   input: { agreementId, allocationId, budget: "5", debitNoteIntervalMs: 120_000 },
 * }).start();
 */
export const paymentMachine = setup({
  types: {
    input: {} as PaymentInput,
    context: {} as PaymentContext,
    events: {} as PaymentEvent,
    output: {} as PaymentOutput,
  },
  actors: {
    acceptDebitNote: fromPromise<void, AcceptDebitNoteInput>(async () => {
      throw new Error("payment: actor acceptDebitNote is not provided");
    }),
    acceptInvoice: fromPromise<void, AcceptInvoiceInput>(async () => {
      throw new Error("payment: actor acceptInvoice is not provided");
    }),
  },
  delays: {
    debitNoteLate: ({ context }) => (context.debitNoteIntervalMs ?? 0) + context.timeouts.debitNoteGraceMs,
    invoiceTimeout: ({ context }) => context.timeouts.invoiceTimeoutMs,
  },
  guards: {
    isNewDebitNote: ({ context, event }) =>
      event.type === "payment.debitNote" &&
      forThisAgreement(context, event) &&
      !context.recentDebitNoteIds.includes(event.debitNoteId),
    isFirstInvoice: ({ context, event }) =>
      event.type === "payment.invoice" && forThisAgreement(context, event) && context.invoice === undefined,
    isThisAgreement: ({ context, event }) => forThisAgreement(context, event),
    hasEnded: ({ context }) => context.agreementEnded || context.invoice !== undefined,
    hasPendingNote: ({ context }) => context.queue.length > 0,
    noteRefused: ({ context }) => noteRefusal(context) !== undefined,
    hasInvoice: ({ context }) => context.invoice !== undefined,
    invoiceRefused: ({ context }) => invoiceRefusal(context) !== undefined,
    watchesDebitNotes: ({ context }) => context.debitNoteIntervalMs !== undefined,
  },
  actions: {
    enqueueNote: assign(({ context, event }) => {
      if (event.type !== "payment.debitNote") return {};
      const { debitNoteId, activityId, amount } = event;
      return {
        queue: [...context.queue, { debitNoteId, activityId, amount }],
        recentDebitNoteIds: [...context.recentDebitNoteIds, debitNoteId].slice(-RECENT_NOTES),
      };
    }),
    recordNoteAccepted: assign(({ context }) => {
      const [note, ...rest] = context.queue;
      return note === undefined ? {} : { queue: rest, ...afterNote(context, note) };
    }),
    rememberInvoice: assign({
      invoice: ({ event }) =>
        event.type === "payment.invoice" ? { invoiceId: event.invoiceId, amount: event.amount } : undefined,
    }),
    recordInvoiceAccepted: assign({
      acceptedAmount: ({ context }) =>
        (context.invoice && totalAfterInvoice(context, context.invoice)) ?? context.acceptedAmount,
    }),
    refuseNote: assign({ reason: ({ context }) => noteRefusal(context) }),
    refuseInvoice: assign({ reason: ({ context }) => invoiceRefusal(context) }),
    notifyDebitNoteAccepted: sendParent(
      ({ context }): PaymentParentEvent => ({
        type: "payment.debitNoteAccepted",
        agreementId: context.agreementId,
        ...headNote(context),
      }),
    ),
    notifyDebitNoteLate: sendParent(
      ({ context }): PaymentParentEvent => ({
        type: "payment.debitNoteLate",
        agreementId: context.agreementId,
        waitedMs: (context.debitNoteIntervalMs ?? 0) + context.timeouts.debitNoteGraceMs,
      }),
    ),
    notifyInvoiceReceived: sendParent(
      ({ context }): PaymentParentEvent => ({
        type: "payment.invoiceReceived",
        agreementId: context.agreementId,
        ...invoiceOf(context),
      }),
    ),
    notifyInvoiceAccepted: sendParent(
      ({ context }): PaymentParentEvent => ({
        type: "payment.invoiceAccepted",
        agreementId: context.agreementId,
        ...invoiceOf(context),
      }),
    ),
    notifyFailed: sendParent(
      ({ context }): PaymentParentEvent => ({
        type: "payment.failed",
        agreementId: context.agreementId,
        reason: context.reason ?? "failed",
      }),
    ),
  },
}).createMachine({
  id: "payment",
  context: ({ input }) => {
    const context: PaymentContext = {
      agreementId: input.agreementId,
      allocationId: input.allocationId,
      budget: input.budget,
      timeouts: { ...DEFAULT_PAYMENT_TIMEOUTS, ...input.timeouts },
      acceptedAmount: "0",
      acceptedByActivity: {},
      queue: [],
      recentDebitNoteIds: [],
      agreementEnded: false,
    };
    if (input.debitNoteIntervalMs !== undefined) context.debitNoteIntervalMs = input.debitNoteIntervalMs;
    return context;
  },
  // Only the first invoice counts; a repeat (or a second invoice) is ignored in every state.
  on: {
    "payment.invoice": {
      guard: "isFirstInvoice",
      actions: ["rememberInvoice", "notifyInvoiceReceived"],
    },
  },
  initial: "active",
  states: {
    active: {
      initial: "waiting",
      on: {
        "payment.debitNote": { guard: "isNewDebitNote", actions: "enqueueNote" },
        "payment.agreementEnded": { guard: "isThisAgreement", actions: assign({ agreementEnded: true }) },
      },
      states: {
        waiting: {
          // Notes still queued once the agreement ended are billed by the invoice.
          always: [
            { guard: "hasEnded", target: "#payment.awaitingInvoice" },
            { guard: "noteRefused", target: "#payment.failed", actions: "refuseNote" },
            { guard: "hasPendingNote", target: "accepting" },
          ],
          after: {
            // A warning only: the provider decides what a missing note means.
            debitNoteLate: {
              guard: "watchesDebitNotes",
              target: "waiting",
              reenter: true,
              actions: "notifyDebitNoteLate",
            },
          },
        },
        accepting: {
          invoke: {
            id: "acceptDebitNote",
            src: "acceptDebitNote",
            input: ({ context }) => ({
              agreementId: context.agreementId,
              allocationId: context.allocationId,
              ...headNote(context),
            }),
            onDone: { target: "waiting", actions: ["notifyDebitNoteAccepted", "recordNoteAccepted"] },
            onError: {
              target: "#payment.failed",
              actions: assign({
                reason: ({ context, event }) =>
                  `accept failed: debit note ${context.queue[0]?.debitNoteId}: ${errorJson(event.error).message}`,
              }),
            },
          },
        },
      },
    },
    awaitingInvoice: {
      always: [
        { guard: "invoiceRefused", target: "failed", actions: "refuseInvoice" },
        { guard: "hasInvoice", target: "acceptingInvoice" },
      ],
      after: { invoiceTimeout: { target: "failed", actions: assign({ reason: "no invoice" }) } },
    },
    acceptingInvoice: {
      invoke: {
        id: "acceptInvoice",
        src: "acceptInvoice",
        input: ({ context }) => ({
          agreementId: context.agreementId,
          allocationId: context.allocationId,
          ...invoiceOf(context),
        }),
        onDone: { target: "paid", actions: ["recordInvoiceAccepted", "notifyInvoiceAccepted"] },
        onError: {
          target: "failed",
          actions: assign({
            reason: ({ context, event }) =>
              `accept failed: invoice ${context.invoice?.invoiceId}: ${errorJson(event.error).message}`,
          }),
        },
      },
    },
    // Final states take no events: debit notes, invoices or an agreement end arriving
    // after the machine ended are ignored on purpose (the root may relay late ones).
    paid: { type: "final", output: ({ context }) => outputOf(context, "paid") },
    failed: { type: "final", entry: "notifyFailed", output: ({ context }) => outputOf(context, "failed") },
  },
  output: ({ event }) => event.output as PaymentOutput,
});
