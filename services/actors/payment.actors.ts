/**
 * The REST actors of the payment machine and of the root's payment-events feed, bound to
 * one `Payment` API. Input and output shapes mirror `machines/payment.types.ts` (services/
 * never imports machines/; TypeScript checks the match where src/ calls `.provide()`).
 */
import { type AnyEventObject, fromCallback, fromPromise } from "xstate";
import { RequestTimeoutError } from "../http/errors.js";
import { restLogger } from "../http/logging.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, delay, type RetryPolicy, retryCaseOf } from "../http/retry.js";
import { fromMicros, toMicros } from "../http/timestamps.js";
import type { DebitNote, Invoice } from "../payment/documents.js";
import { decimalString } from "../payment/money.js";
import type { Payment } from "../payment/payment.js";

/** Accept exactly `amount` of a debit note of `agreementId`, charged to the allocation. */
export interface AcceptDebitNoteInput {
  agreementId: string;
  allocationId: string;
  debitNoteId: string;
  amount: string;
}

/** Accept exactly `amount` of the invoice of `agreementId`, charged to the allocation. */
export interface AcceptInvoiceInput {
  agreementId: string;
  allocationId: string;
  invoiceId: string;
  amount: string;
}

/** Where the payment-events feed starts and which documents it reads. */
export interface PaymentEventsFeedInput {
  /** RFC 3339; only events after it (default: when the feed starts). */
  since?: string;
  /** Only documents of agreements confirmed with this session id. */
  appSessionId?: string;
  /** How long the daemon may hold each poll, ms. Default 5000. */
  pollTimeoutMs?: number;
}

/** What the feed sends to its parent, which routes it to `payment:<agreementId>`. */
export type PaymentFeedEvent =
  | {
      type: "payment.debitNote";
      agreementId: string;
      debitNoteId: string;
      activityId: string;
      amount: string;
    }
  | { type: "payment.invoice"; agreementId: string; invoiceId: string; amount: string };

export interface PaymentActorsOptions {
  /** Attempts and backoff for intermittent failures. Default 5 attempts (yapapi 0.5.5). */
  retry?: RetryPolicy;
  /** How long the daemon waits for the provider's ack of an acceptance, ms. Default 15 000. */
  ackTimeoutMs?: number;
}

const DEFAULT_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 5 };

/**
 * The daemon's intermittent failures (services' retry cases: 408/504, connection resets,
 * the GSB "endpoint address not found" 500) plus our own client-side time limit.
 */
function isIntermittent(err: unknown): boolean {
  return retryCaseOf(err) !== undefined || err instanceof RequestTimeoutError;
}

async function retrying<T>(attempt: () => Promise<T>, policy: RetryPolicy, signal: AbortSignal): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isIntermittent(err) || signal.aborted) throw err;
      if (n >= policy.maxAttempts) {
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`${message} (gave up after ${n} attempts)`, { cause: err });
      }
      await delay(backoffDelay(n, policy), signal);
    }
  }
}

function checkAgreement(doc: DebitNote | Invoice, what: string, agreementId: string): void {
  if (doc.agreementId !== agreementId)
    throw new Error(`${what} belongs to agreement ${doc.agreementId}, not ${agreementId}`);
}

/**
 * Binds the payment actors to a `Payment` API: `acceptDebitNote` and `acceptInvoice` for
 * the payment machine, `paymentEventsFeed` for the root.
 *
 * @example
 * const payment = paymentMachine.provide({ actors: paymentActors(yagna.payment) });
 */
export function paymentActors(payment: Payment, opts: PaymentActorsOptions = {}) {
  const policy = opts.retry ?? DEFAULT_POLICY;
  const accept = { ackTimeoutMs: opts.ackTimeoutMs ?? 15_000 };
  return {
    /** Accepts one debit note for exactly the amount the machine checked against its budget. */
    acceptDebitNote: fromPromise<void, AcceptDebitNoteInput>(({ input, signal }) =>
      retrying(
        async () => {
          const what = `debit note ${input.debitNoteId}`;
          const note = await payment.debitNote(input.debitNoteId);
          checkAgreement(note, what, input.agreementId);
          if (!note.totalAmountDue.eq(input.amount))
            throw new Error(`${what} is due ${decimalString(note.totalAmountDue)}, not ${input.amount}`);
          await note.accept(input.amount, input.allocationId, { ...accept, signal });
        },
        policy,
        signal,
      ),
    ),
    /** Accepts the invoice for exactly its amount (acceptance is idempotent on the daemon). */
    acceptInvoice: fromPromise<void, AcceptInvoiceInput>(({ input, signal }) =>
      retrying(
        async () => {
          const what = `invoice ${input.invoiceId}`;
          const invoice = await payment.invoice(input.invoiceId);
          checkAgreement(invoice, what, input.agreementId);
          if (!invoice.amount.eq(input.amount))
            throw new Error(`${what} is for ${decimalString(invoice.amount)}, not ${input.amount}`);
          await invoice.accept(input.amount, input.allocationId, { ...accept, signal });
        },
        policy,
        signal,
      ),
    ),
    paymentEventsFeed: paymentEventsFeed(payment, policy),
  };
}

/**
 * Follows debit-note and invoice events, reads each received document and sends the
 * parent `payment.debitNote` / `payment.invoice` with its agreement and exact amount.
 * A failing poll is retried after a backoff, from just before the last delivered event
 * (documents seen again are not re-sent). Stops when the parent stops it.
 */
function paymentEventsFeed(payment: Payment, policy: RetryPolicy) {
  return fromCallback<AnyEventObject, PaymentEventsFeedInput>(({ input, sendBack }) => {
    const controller = new AbortController();
    const signal = controller.signal;
    const since = input.since ?? new Date().toISOString();
    const options = { appSessionId: input.appSessionId, pollTimeoutMs: input.pollTimeoutMs, signal };
    const send = (event: PaymentFeedEvent) => {
      if (!signal.aborted) sendBack(event);
    };
    const read = async <D extends DebitNote | Invoice>(id: string, get: (id: string) => Promise<D>) =>
      retrying(() => get(id), policy, signal);

    void follow(
      (from) => payment.debitNoteEvents({ ...options, since: from }),
      (e) => `${e.eventType}/${e.debitNoteId}`,
      async (e) => {
        if (e.eventType !== "DebitNoteReceivedEvent") return;
        const note = await read(e.debitNoteId, (id) => payment.debitNote(id));
        if (note.status === "CANCELLED" || note.status === "REJECTED") return;
        send({
          type: "payment.debitNote",
          agreementId: note.agreementId,
          debitNoteId: note.id,
          activityId: note.activityId,
          amount: decimalString(note.totalAmountDue),
        });
      },
      since,
      policy,
      signal,
    );
    void follow(
      (from) => payment.invoiceEvents({ ...options, since: from }),
      (e) => `${e.eventType}/${e.invoiceId}`,
      async (e) => {
        if (e.eventType !== "InvoiceReceivedEvent") return;
        const invoice = await read(e.invoiceId, (id) => payment.invoice(id));
        if (invoice.status === "CANCELLED" || invoice.status === "REJECTED") return;
        send({
          type: "payment.invoice",
          agreementId: invoice.agreementId,
          invoiceId: invoice.id,
          amount: decimalString(invoice.amount),
        });
      },
      since,
      policy,
      signal,
    );
    return () => controller.abort();
  });
}

/**
 * Runs one event stream until `signal` aborts. A document that cannot be read is skipped
 * with a warning (the stream goes on); a failing stream is reopened after a backoff.
 */
async function follow<E extends { eventDate: string }>(
  open: (since: string) => AsyncGenerator<E>,
  keyOf: (event: E) => string,
  handle: (event: E) => Promise<void>,
  since: string,
  policy: RetryPolicy,
  signal: AbortSignal,
): Promise<void> {
  const log = restLogger("payment");
  let lastDate = since;
  let seenAtLast = new Set<string>();
  for (let failures = 0; !signal.aborted; ) {
    // Reopening from one microsecond before the last event re-reads its date's other events.
    const micros = toMicros(lastDate);
    const from = seenAtLast.size > 0 && micros !== undefined ? fromMicros(micros - 1n) : lastDate;
    try {
      for await (const event of open(from)) {
        const key = keyOf(event);
        if (event.eventDate === lastDate && seenAtLast.has(key)) continue;
        if (event.eventDate !== lastDate) {
          lastDate = event.eventDate;
          seenAtLast = new Set();
        }
        seenAtLast.add(key);
        failures = 0;
        await handle(event).catch((err: unknown) => {
          if (!signal.aborted) log.warn(`payment events: skipped ${key}: ${messageOf(err)}`);
        });
      }
      return;
    } catch (err) {
      if (signal.aborted) return;
      failures++;
      log.warn(`payment events: ${messageOf(err)}; reading again after ${lastDate}`);
      await delay(backoffDelay(failures, policy), signal).catch(() => undefined);
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
