import type { Decimal } from "decimal.js";
import { ApiError } from "../http/errors.js";
import { asObject } from "../http/guards.js";
import { pathOf, type RestClient, type RestRequest } from "../http/rest-client.js";
import { toDecimal } from "./money.js";
import type { AllocationData } from "./types.js";

/** Amounts of an allocation at one moment. */
export interface AllocationDetails {
  totalAmount: Decimal;
  spentAmount: Decimal;
  remainingAmount: Decimal;
}

/**
 * Funds reserved for paying providers on one platform and address.
 *
 * @example
 * const allocation = await payment.newAllocation("10", "erc20-holesky-tglm", me.identity);
 * const { remainingAmount } = await allocation.details();
 * await allocation.release();
 */
export class Allocation {
  readonly id: string;
  readonly amount: Decimal;
  readonly paymentPlatform: string | undefined;
  readonly paymentAddress: string | undefined;
  /** When the daemon releases it by itself. */
  readonly expires: Date | undefined;

  constructor(
    readonly client: RestClient,
    readonly data: AllocationData,
  ) {
    this.id = data.allocationId;
    this.amount = toDecimal(data.totalAmount, "totalAmount");
    this.paymentPlatform = data.paymentPlatform;
    this.paymentAddress = data.address;
    this.expires = data.timeout ? new Date(data.timeout) : undefined;
  }

  /**
   * Current amounts (spending grows as debit notes and invoices are accepted).
   *
   * @example
   * const { spentAmount } = await allocation.details();
   */
  async details(): Promise<AllocationDetails> {
    const req: RestRequest = { method: "GET", path: pathOf`/allocations/${this.id}` };
    const res = await this.client.request(req);
    const data = asObject<AllocationData>(res.body, this.client.site(req), ["totalAmount", "spentAmount"]);
    return {
      totalAmount: toDecimal(data.totalAmount, "totalAmount"),
      spentAmount: toDecimal(data.spentAmount, "spentAmount"),
      remainingAmount: toDecimal(data.remainingAmount, "remainingAmount"),
    };
  }

  /**
   * Releases the allocation. One the daemon has already released (410) or no longer knows
   * (404) counts as released.
   *
   * @example
   * await allocation.release();
   */
  async release(): Promise<void> {
    try {
      await this.client.request({ method: "DELETE", path: pathOf`/allocations/${this.id}` });
    } catch (err) {
      if (!(err instanceof ApiError && (err.status === 404 || err.status === 410))) throw err;
    }
  }
}
