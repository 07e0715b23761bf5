/**
 * Payment API shapes: spec types where the daemon follows them, and the daemon's real
 * shape by hand where it does not (yagna-protocol.md section 4 and 8).
 */
import type { components } from "../generated/payment-api.js";

type Schemas = components["schemas"];

export type AccountData = Schemas["Account"];
export type MarketDecoration = Schemas["MarketDecoration"];
export type DocumentStatus = Schemas["InvoiceStatus"];
export type Acceptance = Schemas["Acceptance"];
export type PaymentData = Schemas["Payment"];
export type PaymentPlatform = Schemas["PaymentPlatform"];

/**
 * `POST /allocations` body. The spec reuses the Allocation schema (readOnly fields such as
 * `allocationId` and `spentAmount` are not sent); the daemon reads these fields (MODEL
 * NewAllocation) and ignores extra ones.
 */
export interface NewAllocation {
  address?: string;
  /** A platform name, or `{driver?, network?, token?}`. */
  paymentPlatform?: string | PaymentPlatform;
  /** Decimal string. */
  totalAmount: string;
  /** RFC 3339; the daemon releases the allocation at that time. */
  timeout?: string;
  makeDeposit?: boolean;
  extendTimeout?: number;
}

/**
 * An allocation as the daemon answers it: `paymentPlatform` is always a string here, and it
 * adds `createdTs`/`updatedTs`, which the spec does not list.
 */
export interface AllocationData {
  allocationId: string;
  address?: string;
  paymentPlatform?: string;
  totalAmount: string;
  spentAmount: string;
  remainingAmount: string;
  timestamp: string;
  timeout?: string;
  makeDeposit?: boolean;
  extendTimeout?: number;
  deposit?: { id: string; contract: string; validate?: Record<string, unknown> };
  createdTs?: string;
  updatedTs?: string;
}

/**
 * A debit note as the daemon writes it: `usageCounterVector` is an array of numbers (the
 * spec declares an object); `previousDebitNoteId` and `paymentDueDate` are omitted when absent.
 */
export interface DebitNoteData {
  debitNoteId: string;
  issuerId: string;
  recipientId: string;
  payeeAddr: string;
  payerAddr: string;
  paymentPlatform: string;
  previousDebitNoteId?: string;
  timestamp: string;
  agreementId: string;
  activityId: string;
  /** Cumulative for the activity, a decimal string. */
  totalAmountDue: string;
  usageCounterVector?: number[] | Record<string, unknown>;
  paymentDueDate?: string;
  status: DocumentStatus;
}

export type InvoiceData = Schemas["Invoice"];

export type Rejection = Schemas["Rejection"];

interface DebitNoteEventBase {
  eventDate: string;
  debitNoteId: string;
}

/** Debit-note events (`GET /debitNoteEvents`); a requestor gets RECEIVED and CANCELLED by default. */
export type DebitNoteEvent =
  | (DebitNoteEventBase & {
      eventType:
        | "DebitNoteReceivedEvent"
        | "DebitNoteAcceptedEvent"
        | "DebitNoteFailedEvent"
        | "DebitNoteSettledEvent"
        | "DebitNoteCancelledEvent"
        | "DebitNotePaymentOkEvent";
    })
  | (DebitNoteEventBase & { eventType: "DebitNoteRejectedEvent"; rejection?: Rejection })
  | (DebitNoteEventBase & {
      eventType: "DebitNotePaymentStatusEvent";
      property?: Schemas["DriverStatusProperty"];
    });

interface InvoiceEventBase {
  eventDate: string;
  invoiceId: string;
}

/** Invoice events (`GET /invoiceEvents`). */
export type InvoiceEvent =
  | (InvoiceEventBase & {
      eventType:
        | "InvoiceReceivedEvent"
        | "InvoiceAcceptedEvent"
        | "InvoiceFailedEvent"
        | "InvoiceSettledEvent"
        | "InvoiceCancelledEvent"
        | "InvoicePaymentOkEvent";
    })
  | (InvoiceEventBase & { eventType: "InvoiceRejectedEvent"; rejection?: Rejection })
  | (InvoiceEventBase & {
      eventType: "InvoicePaymentStatusEvent";
      property?: Schemas["DriverStatusProperty"];
    });
