import type { Clock } from "../clock.js";
import type { AccountConfig } from "../config.js";
import type { Ids } from "../ids.js";
import type { Deposit, NewAllocation } from "./allocation-input.js";
import { formatAmount, Money } from "./money.js";
import { accountNotRegistered, insufficientFunds, timeoutPassed } from "./problems.js";

/** A requestor account: a platform, the requestor's address, and what it holds. */
export interface Account {
  platform: string;
  address: string;
  balance: Money;
}

/** An allocation and its bookkeeping. */
export interface AllocationRecord {
  allocationId: string;
  address: string;
  platform: string;
  totalAmount: Money;
  spentAmount: Money;
  createdMs: number;
  updatedMs: number;
  timeoutMs?: number;
  deposit?: Deposit;
  makeDeposit: boolean;
  extendTimeoutSec?: number;
  released: boolean;
}

/** What an allocation paid for one agreement, or one activity of it. */
export interface Expenditure {
  allocationId: string;
  agreementId: string;
  activityId?: string;
  amount: Money;
}

/** Node's timers cannot wait longer than this; longer waits are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The requestor's money: account balances, allocations reserving part of them, and what
 * each allocation spent. The invariant: an account's balance always covers the unspent
 * part of its active allocations, and an allocation never spends more than its total.
 *
 * @example
 * const ledger = new Ledger(clock, ids, [{ platform: "erc20-holesky-tglm", balance: "1000" }], me);
 * const a = ledger.create(readNewAllocation({ totalAmount: "5" }, me), body);
 * ledger.spend(a, new Money("1.5"), { agreementId });
 */
export class Ledger {
  readonly #accounts: Account[];
  readonly #allocations = new Map<string, AllocationRecord>();
  readonly #expenditures: Expenditure[] = [];
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: Ids,
    accounts: AccountConfig[],
    identity: string,
  ) {
    this.#accounts = accounts.map((a) => ({
      platform: a.platform,
      address: identity,
      balance: new Money(a.balance),
    }));
  }

  /** Accounts in configuration order. */
  accounts(): Account[] {
    return this.#accounts;
  }

  account(platform: string, address: string): Account | undefined {
    const addr = address.toLowerCase();
    return this.#accounts.find((a) => a.platform === platform && a.address.toLowerCase() === addr);
  }

  /** The unspent part of the active allocations drawing on an account. */
  reserved(account: Account): Money {
    let sum = new Money(0);
    for (const a of this.#allocations.values()) {
      if (this.#isActive(a) && this.account(a.platform, a.address) === account) sum = sum.plus(remaining(a));
    }
    return sum;
  }

  /**
   * Creates an allocation after checking the account exists, the timeout is ahead and
   * the balance covers it. `requestBody` is echoed in problem answers.
   */
  create(input: NewAllocation, requestBody: unknown): AllocationRecord {
    const platform = input.platform.name;
    const account = this.account(platform, input.address);
    if (!account) throw accountNotRegistered(requestBody, platform, input.address);
    const now = this.clock.now();
    if (input.timeoutMs !== undefined && input.timeoutMs <= now) {
      throw timeoutPassed(
        requestBody,
        platform,
        input.address,
        new Date(input.timeoutMs).toISOString().replace("Z", "+00:00"),
      );
    }
    this.#checkFunds(account, input.totalAmount, requestBody);
    const record: AllocationRecord = {
      allocationId: this.ids.uuid(),
      address: account.address,
      platform,
      totalAmount: input.totalAmount,
      spentAmount: new Money(0),
      createdMs: now,
      updatedMs: now,
      makeDeposit: input.makeDeposit,
      released: false,
    };
    if (input.timeoutMs !== undefined) record.timeoutMs = input.timeoutMs;
    if (input.deposit) record.deposit = input.deposit;
    if (input.extendTimeoutSec !== undefined) record.extendTimeoutSec = input.extendTimeoutSec;
    this.#allocations.set(record.allocationId, record);
    this.#arm(record);
    return record;
  }

  /** An allocation, `"gone"` once released (or timed out), undefined if never known. */
  get(id: string): AllocationRecord | "gone" | undefined {
    const a = this.#allocations.get(id);
    if (!a) return undefined;
    return this.#isActive(a) ? a : "gone";
  }

  /** Active allocations, oldest first. */
  active(): AllocationRecord[] {
    return [...this.#allocations.values()].filter((a) => this.#isActive(a));
  }

  /**
   * Changes the total and/or the timeout. A raise is checked against the balance; a
   * total below what was spent, or a timeout in the past, is refused with `message`.
   */
  amend(
    a: AllocationRecord,
    update: { totalAmount?: Money; timeoutMs?: number },
    requestBody: unknown,
  ): AllocationRecord | string {
    const total = update.totalAmount ?? a.totalAmount;
    if (total.lt(a.spentAmount)) return "New allocation would be smaller than the already spent amount";
    if (update.timeoutMs !== undefined && update.timeoutMs < this.clock.now())
      return "New allocation timeout is in the past";
    const raise = total.minus(a.totalAmount);
    const account = this.account(a.platform, a.address);
    if (!account) throw accountNotRegistered(requestBody, a.platform, a.address);
    if (raise.gt(0)) this.#checkFunds(account, raise, requestBody);
    a.totalAmount = total;
    if (update.timeoutMs !== undefined) a.timeoutMs = update.timeoutMs;
    a.updatedMs = this.clock.now();
    this.#arm(a);
    return a;
  }

  /** Releases an allocation: its unspent part is free again. False if it was already gone. */
  release(a: AllocationRecord): boolean {
    if (!this.#isActive(a)) return false;
    this.#retire(a);
    return true;
  }

  /**
   * Spends from an allocation for an agreement (and an activity, for debit notes) and
   * pays the provider at once: the account's balance drops by the same amount. The
   * caller has checked `amount <= remaining`; this re-checks so nothing is ever overspent.
   */
  spend(a: AllocationRecord, amount: Money, on: { agreementId: string; activityId?: string }): void {
    if (amount.gt(remaining(a))) throw new Error(`devnet: allocation ${a.allocationId} would be overspent`);
    const account = this.account(a.platform, a.address);
    if (!account) throw new Error(`devnet: allocation ${a.allocationId} has no account`);
    a.spentAmount = a.spentAmount.plus(amount);
    account.balance = account.balance.minus(amount);
    const now = this.clock.now();
    a.updatedMs = now;
    if (a.extendTimeoutSec !== undefined && a.timeoutMs !== undefined) {
      a.timeoutMs = Math.max(a.timeoutMs, now + a.extendTimeoutSec * 1000);
      this.#arm(a);
    }
    const existing = this.#expenditures.find(
      (e) =>
        e.allocationId === a.allocationId &&
        e.agreementId === on.agreementId &&
        e.activityId === on.activityId,
    );
    if (existing) existing.amount = existing.amount.plus(amount);
    else this.#expenditures.push({ allocationId: a.allocationId, ...on, amount });
  }

  expenditures(allocationId: string): Expenditure[] {
    return this.#expenditures.filter((e) => e.allocationId === allocationId);
  }

  /** Cancels the auto-release timers (devnet shutdown). */
  stop(): void {
    for (const t of this.#timers.values()) this.clock.clearTimeout(t);
    this.#timers.clear();
  }

  /** Timed-out allocations are released when next looked at, even if their timer is late. */
  #isActive(a: AllocationRecord): boolean {
    if (!a.released && a.timeoutMs !== undefined && a.timeoutMs <= this.clock.now()) this.#retire(a);
    return !a.released;
  }

  #retire(a: AllocationRecord): void {
    a.released = true;
    a.updatedMs = this.clock.now();
    this.clock.clearTimeout(this.#timers.get(a.allocationId));
    this.#timers.delete(a.allocationId);
  }

  #checkFunds(account: Account, requested: Money, requestBody: unknown): void {
    const reserved = this.reserved(account);
    if (reserved.plus(requested).gt(account.balance)) {
      throw insufficientFunds(requestBody, account.platform, account.address, {
        requested: formatAmount(requested),
        available: formatAmount(account.balance),
        reserved: formatAmount(reserved),
      });
    }
  }

  /** Releases the allocation at its timeout, waking up in steps Node's timers can take. */
  #arm(a: AllocationRecord): void {
    this.clock.clearTimeout(this.#timers.get(a.allocationId));
    this.#timers.delete(a.allocationId);
    if (a.timeoutMs === undefined || a.released) return;
    const wait = a.timeoutMs - this.clock.now();
    const handle = this.clock.setTimeout(
      () => {
        this.#timers.delete(a.allocationId);
        if (wait > MAX_TIMER_MS) this.#arm(a);
        else this.#isActive(a);
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    this.#timers.set(a.allocationId, handle);
  }
}

/**
 * What is left to spend.
 *
 * @example
 * remaining(allocation).gte(charge); // enough funds
 */
export function remaining(a: AllocationRecord): Money {
  return a.totalAmount.minus(a.spentAmount);
}
