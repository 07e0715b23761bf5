import type { Clock } from "../clock.js";
import type { Ids } from "../ids.js";
import { Notifier } from "../notifier.js";
import { formatAmount, type Money } from "./money.js";
import { accountParts } from "./platform.js";
import { type Paging, page } from "./query.js";

/** One transfer from the requestor to a provider (yagna-protocol.md 4.8). */
export interface PaymentRecord {
  paymentId: string;
  payerId: string;
  payeeId: string;
  payerAddr: string;
  payeeAddr: string;
  paymentPlatform: string;
  amount: Money;
  timestampMs: number;
  agreementPayments: { agreementId: string; amount: Money; allocationId: string }[];
  activityPayments: { activityId: string; amount: Money; allocationId: string }[];
  /** The transaction's confirmation, base64. */
  details: string;
  appSessionId?: string;
}

export type NewPayment = Omit<PaymentRecord, "paymentId" | "timestampMs" | "details">;

/** Filters of `GET /payments`. */
export interface PaymentQuery extends Paging {
  appSessionId?: string;
  network?: string;
  driver?: string;
}

/**
 * Payments the requestor made, served as a long-polled stream like events: each gets
 * its own whole-millisecond timestamp, so `afterTimestamp` paging loses none.
 *
 * @example
 * const payments = new Payments(clock, ids);
 * payments.record({ payerId, payeeId, payerAddr, payeeAddr, paymentPlatform, amount, agreementPayments: [], activityPayments });
 */
export class Payments {
  readonly #payments: PaymentRecord[] = [];
  readonly #changed = new Notifier();

  constructor(
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  record(fields: NewPayment): PaymentRecord {
    const txHash = `${this.ids.simple()}${this.ids.simple()}`;
    const payment: PaymentRecord = {
      paymentId: this.ids.uuid(),
      timestampMs: this.clock.eventTime(),
      details: Buffer.from(txHash, "hex").toString("base64"),
      ...fields,
    };
    this.#payments.push(payment);
    this.#changed.notify();
    return payment;
  }

  get(id: string): PaymentRecord | undefined {
    return this.#payments.find((p) => p.paymentId === id);
  }

  query(q: PaymentQuery): PaymentRecord[] {
    const matching = this.#payments.filter((p) => {
      const parts = accountParts(p.paymentPlatform);
      return (
        (q.appSessionId === undefined || p.appSessionId === q.appSessionId) &&
        (q.network === undefined || parts.network === q.network) &&
        (q.driver === undefined || parts.driver === q.driver)
      );
    });
    return page(matching, (p) => p.timestampMs, q);
  }

  /** Long poll: matching payments at once, or the first within `timeoutMs`, or `[]`. */
  async wait(q: PaymentQuery, timeoutMs: number, signal?: AbortSignal): Promise<PaymentRecord[]> {
    const opts = signal ? { timeoutMs, signal } : { timeoutMs };
    const found = await this.#changed.waitFor(() => {
      const list = this.query(q);
      return list.length > 0 ? list : undefined;
    }, opts);
    return found ?? [];
  }
}

/**
 * The `Payment` JSON.
 *
 * @example
 * json(200, paymentJson(payment, clock));
 */
export function paymentJson(p: PaymentRecord, clock: Clock): Record<string, unknown> {
  return {
    paymentId: p.paymentId,
    payerId: p.payerId,
    payeeId: p.payeeId,
    payerAddr: p.payerAddr,
    payeeAddr: p.payeeAddr,
    paymentPlatform: p.paymentPlatform,
    amount: formatAmount(p.amount),
    timestamp: clock.iso(p.timestampMs),
    agreementPayments: p.agreementPayments.map((a) => ({ ...a, amount: formatAmount(a.amount) })),
    activityPayments: p.activityPayments.map((a) => ({ ...a, amount: formatAmount(a.amount) })),
    details: p.details,
  };
}
