import { type PersistentEventOptions, persistentEvents } from "../http/event-feed.js";
import { asArray, asObject } from "../http/guards.js";
import { pathOf, type QueryValue, type RestClient, type RestRequest } from "../http/rest-client.js";
import { rfc3339 } from "../http/timestamps.js";
import { Allocation } from "./allocation.js";
import { DebitNote, Invoice } from "./documents.js";
import { type Amount, decimalString } from "./money.js";
import type {
  AccountData,
  AllocationData,
  DebitNoteData,
  DebitNoteEvent,
  InvoiceData,
  InvoiceEvent,
  MarketDecoration,
  NewAllocation,
  PaymentData,
} from "./types.js";

/** Default allocation lifetime when no `expires` is given (yapapi: 30 min). */
export const DEFAULT_ALLOCATION_TTL_MS = 30 * 60 * 1000;

/** Options of the debit-note and invoice event feeds. */
export type PaymentEventOptions = PersistentEventOptions;

/** Filters of the document and payment lists. */
export interface ListOptions {
  since?: Date | string;
  maxItems?: number;
}

/**
 * The payment API (requestor side): accounts, allocations, demand decorations, debit notes,
 * invoices and payments. Money is `Decimal` in and out, decimal strings on the wire.
 *
 * @example
 * const payment = new Payment(core.client("payment", config.paymentUrl));
 * const [account] = await payment.accounts();
 * const allocation = await payment.newAllocation("5", account.platform, account.address);
 */
export class Payment {
  constructor(readonly client: RestClient) {}

  /**
   * The accounts this node can pay from.
   *
   * @example
   * const holesky = (await payment.accounts()).find((a) => a.platform === "erc20-holesky-tglm");
   */
  async accounts(): Promise<AccountData[]> {
    const req: RestRequest = { method: "GET", path: "/requestorAccounts" };
    return asArray<AccountData>((await this.client.request(req)).body, this.client.site(req));
  }

  /**
   * Reserves `amount` on a platform and address until `expires` (default 30 min from now).
   *
   * @example
   * const allocation = await payment.newAllocation(new Decimal("2.5"), "erc20-holesky-tglm", address, {
   *   expires: new Date(Date.now() + 3_600_000),
   * });
   */
  async newAllocation(
    amount: Amount,
    paymentPlatform: string,
    paymentAddress: string,
    opts: { expires?: Date } = {},
  ): Promise<Allocation> {
    const body: NewAllocation = {
      totalAmount: decimalString(amount),
      paymentPlatform,
      address: paymentAddress,
      timeout: (opts.expires ?? new Date(Date.now() + DEFAULT_ALLOCATION_TTL_MS)).toISOString(),
      makeDeposit: false,
    };
    const req: RestRequest = { method: "POST", path: "/allocations", body, retry: ["timeout"] };
    const res = await this.client.request(req);
    return new Allocation(
      this.client,
      asObject<AllocationData>(res.body, this.client.site(req), ["allocationId"]),
    );
  }

  /**
   * The active allocations.
   *
   * @example
   * for (const a of await payment.allocations()) await a.release();
   */
  async allocations(): Promise<Allocation[]> {
    const req: RestRequest = { method: "GET", path: "/allocations" };
    const res = await this.client.request(req);
    return asArray<AllocationData>(res.body, this.client.site(req)).map(
      (a) => new Allocation(this.client, a),
    );
  }

  /**
   * One allocation by id.
   *
   * @example
   * const allocation = await payment.allocation(savedId);
   */
  async allocation(id: string): Promise<Allocation> {
    const req: RestRequest = { method: "GET", path: pathOf`/allocations/${id}` };
    const res = await this.client.request(req);
    return new Allocation(
      this.client,
      asObject<AllocationData>(res.body, this.client.site(req), ["allocationId"]),
    );
  }

  /**
   * The properties and constraints a demand needs to be paid from these allocations.
   * Property values are strings, as the daemon gives them.
   *
   * @example
   * const { properties, constraints } = await payment.decorateDemand([allocation.id]);
   */
  async decorateDemand(allocationIds: readonly string[]): Promise<MarketDecoration> {
    const req: RestRequest = {
      method: "GET",
      path: "/demandDecorations",
      query: { allocationIds: allocationIds.join(",") },
    };
    const res = await this.client.request(req);
    return asObject<MarketDecoration>(res.body, this.client.site(req), ["properties", "constraints"]);
  }

  /** @example const note = await payment.debitNote(id); */
  async debitNote(id: string): Promise<DebitNote> {
    const req: RestRequest = { method: "GET", path: pathOf`/debitNotes/${id}` };
    const res = await this.client.request(req);
    return new DebitNote(
      this.client,
      asObject<DebitNoteData>(res.body, this.client.site(req), ["debitNoteId"]),
    );
  }

  /** @example const invoice = await payment.invoice(id); */
  async invoice(id: string): Promise<Invoice> {
    const req: RestRequest = { method: "GET", path: pathOf`/invoices/${id}` };
    const res = await this.client.request(req);
    return new Invoice(this.client, asObject<InvoiceData>(res.body, this.client.site(req), ["invoiceId"]));
  }

  /** @example const notes = await payment.debitNotes({ since: startedAt }); */
  async debitNotes(opts: ListOptions = {}): Promise<DebitNote[]> {
    const body = await this.list("/debitNotes", listQuery(opts));
    return asArray<DebitNoteData>(body, this.client.site({ method: "GET", path: "/debitNotes" })).map(
      (d) => new DebitNote(this.client, d),
    );
  }

  /** @example const invoices = await payment.invoices(); */
  async invoices(opts: ListOptions = {}): Promise<Invoice[]> {
    const body = await this.list("/invoices", listQuery(opts));
    return asArray<InvoiceData>(body, this.client.site({ method: "GET", path: "/invoices" })).map(
      (d) => new Invoice(this.client, d),
    );
  }

  /**
   * Payments made from this node (a long poll on the daemon: it answers at once when there
   * are some, so `timeout: 0` is sent).
   *
   * @example
   * const paid = await payment.payments({ since: startedAt });
   */
  async payments(opts: ListOptions = {}): Promise<PaymentData[]> {
    const body = await this.list("/payments", {
      timeout: 0,
      afterTimestamp: opts.since && rfc3339(opts.since),
      maxEvents: opts.maxItems,
    });
    return asArray<PaymentData>(body, this.client.site({ method: "GET", path: "/payments" }));
  }

  /**
   * Debit-note events, each once and in order, paged by `afterTimestamp`.
   *
   * @example
   * for await (const ev of payment.debitNoteEvents({ signal })) {
   *   if (ev.eventType === "DebitNoteReceivedEvent") await accept(ev.debitNoteId);
   * }
   */
  debitNoteEvents(opts: PaymentEventOptions = {}): AsyncGenerator<DebitNoteEvent> {
    return this.events<DebitNoteEvent>("/debitNoteEvents", (e) => `${e.eventType}/${e.debitNoteId}`, opts);
  }

  /**
   * Invoice events, each once and in order, paged by `afterTimestamp`.
   *
   * @example
   * for await (const ev of payment.invoiceEvents({ signal })) console.log(ev.invoiceId);
   */
  invoiceEvents(opts: PaymentEventOptions = {}): AsyncGenerator<InvoiceEvent> {
    return this.events<InvoiceEvent>("/invoiceEvents", (e) => `${e.eventType}/${e.invoiceId}`, opts);
  }

  private events<E extends { eventDate: string }>(
    path: string,
    keyOf: (e: E) => string,
    opts: PaymentEventOptions,
  ): AsyncGenerator<E> {
    // The daemon puts no limit on payment pages; 1000 bounds one answer's size.
    return persistentEvents<E>(this.client, path, { keyOf, maxPageSize: 1000, api: "payment" }, opts);
  }

  private async list(path: string, query: Record<string, QueryValue>): Promise<unknown> {
    return (await this.client.request({ method: "GET", path, query })).body;
  }
}

function listQuery(opts: ListOptions): Record<string, QueryValue> {
  return { afterTimestamp: opts.since && rfc3339(opts.since), maxItems: opts.maxItems };
}
