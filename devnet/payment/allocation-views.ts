import type { Clock } from "../clock.js";
import { type Account, type AllocationRecord, type Expenditure, remaining } from "./ledger.js";
import { formatAmount } from "./money.js";
import { accountParts } from "./platform.js";

/**
 * The `Allocation` JSON of the daemon; `timeout`, `deposit` and `extendTimeout` are
 * omitted when unset, and `paymentPlatform` is always a string.
 *
 * @example
 * json(200, allocationJson(record, clock));
 */
export function allocationJson(a: AllocationRecord, clock: Clock): Record<string, unknown> {
  const out: Record<string, unknown> = {
    allocationId: a.allocationId,
    address: a.address,
    paymentPlatform: a.platform,
    totalAmount: formatAmount(a.totalAmount),
    spentAmount: formatAmount(a.spentAmount),
    remainingAmount: formatAmount(remaining(a)),
    timestamp: clock.iso(a.createdMs),
  };
  if (a.timeoutMs !== undefined) out.timeout = clock.iso(a.timeoutMs);
  if (a.deposit) out.deposit = a.deposit;
  out.createdTs = clock.iso(a.createdMs);
  out.updatedTs = clock.iso(a.updatedMs);
  out.makeDeposit = a.makeDeposit;
  if (a.extendTimeoutSec !== undefined) out.extendTimeout = a.extendTimeoutSec;
  return out;
}

/**
 * An account as `GET /requestorAccounts` lists it.
 *
 * @example
 * accountJson(ledger.accounts()[0]); // { platform, address, driver, network, token: "tGLM", send: true, receive: false }
 */
export function accountJson(a: Account): Record<string, unknown> {
  return {
    platform: a.platform,
    address: a.address,
    ...accountParts(a.platform),
    send: true,
    receive: false,
  };
}

/**
 * An entry of `GET /allocations/{id}/expenditures`; `activityId` only for what debit
 * notes paid. The devnet pays on acceptance, so accepted and scheduled amounts agree.
 *
 * @example
 * ledger.expenditures(id).map(expenditureJson);
 */
export function expenditureJson(e: Expenditure): Record<string, unknown> {
  const out: Record<string, unknown> = { allocationId: e.allocationId, agreementId: e.agreementId };
  if (e.activityId !== undefined) out.activityId = e.activityId;
  out.acceptedAmount = formatAmount(e.amount);
  out.scheduledAmount = formatAmount(e.amount);
  return out;
}
