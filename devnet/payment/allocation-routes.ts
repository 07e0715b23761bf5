import { type Clock, parseTimestamp } from "../clock.js";
import { type DevnetRequest, HttpError, json, type Route } from "../http.js";
import { readNewAllocation } from "./allocation-input.js";
import { accountJson, allocationJson, expenditureJson } from "./allocation-views.js";
import { demandDecorations } from "./decorations.js";
import type { AllocationRecord, Ledger } from "./ledger.js";
import { type Money, parseAmount } from "./money.js";
import { page, paging } from "./query.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An active allocation, or the daemon's 404 (`{"message":null}`) / 410. */
function activeAllocation(ledger: Ledger, id: string): AllocationRecord {
  const a = ledger.get(id);
  if (a === undefined) throw new HttpError(404, null);
  if (a === "gone") throw new HttpError(410, `Allocation ${id} has been already released`);
  return a;
}

function readUpdate(body: unknown): {
  totalAmount?: Money;
  timeoutMs?: number;
  validate?: Record<string, unknown> | null;
} {
  if (!isObject(body)) throw new HttpError(400, "The request body must be a JSON object (AllocationUpdate)");
  const update: { totalAmount?: Money; timeoutMs?: number; validate?: Record<string, unknown> | null } = {};
  if (body.totalAmount !== undefined && body.totalAmount !== null) {
    const amount = parseAmount(body.totalAmount);
    if (typeof amount === "string") throw new HttpError(400, `totalAmount ${amount}`);
    update.totalAmount = amount;
  }
  if (body.timeout !== undefined && body.timeout !== null) {
    const ms = typeof body.timeout === "string" ? parseTimestamp(body.timeout) : undefined;
    if (ms === undefined)
      throw new HttpError(400, `timeout must be an RFC 3339 date-time, got ${JSON.stringify(body.timeout)}`);
    update.timeoutMs = ms;
  }
  if (body.deposit !== undefined && body.deposit !== null) {
    if (!isObject(body.deposit)) throw new HttpError(400, "deposit must be an object {validate?}");
    const v = body.deposit.validate;
    if (v !== undefined && v !== null && !isObject(v))
      throw new HttpError(400, "deposit.validate must be an object");
    update.validate = isObject(v) ? v : null;
  }
  return update;
}

/**
 * Accounts, allocations (create, list, get, amend, release, expenditures) and demand
 * decorations, as the daemon serves them (yagna-protocol.md 4.1-4.4).
 *
 * @example
 * const routes = allocationRoutes(ledger, clock, ctx.requestor.identity);
 */
export function allocationRoutes(ledger: Ledger, clock: Clock, identity: string): Route[] {
  const view = (a: AllocationRecord) => allocationJson(a, clock);
  return [
    {
      method: "GET",
      path: "/payment-api/v1/requestorAccounts",
      handler: () => json(200, ledger.accounts().map(accountJson)),
    },
    {
      method: "POST",
      path: "/payment-api/v1/allocations",
      handler: (req: DevnetRequest) => {
        const input = readNewAllocation(req.body, identity);
        return json(201, view(ledger.create(input, req.body)));
      },
    },
    {
      method: "GET",
      path: "/payment-api/v1/allocations",
      handler: (req) =>
        json(200, page(ledger.active(), (a) => a.createdMs, paging(req.query, "maxItems")).map(view)),
    },
    {
      method: "GET",
      path: "/payment-api/v1/allocations/:allocationId",
      handler: (req) => json(200, view(activeAllocation(ledger, req.params.allocationId!))),
    },
    {
      method: "PUT",
      path: "/payment-api/v1/allocations/:allocationId",
      handler: (req) => {
        const update = readUpdate(req.body);
        const a = activeAllocation(ledger, req.params.allocationId!);
        if (update.validate !== undefined && !a.deposit) {
          throw new HttpError(400, "Cannot update deposit of an allocation created without one");
        }
        const change: { totalAmount?: Money; timeoutMs?: number } = {};
        if (update.totalAmount) change.totalAmount = update.totalAmount;
        if (update.timeoutMs !== undefined) change.timeoutMs = update.timeoutMs;
        const result = ledger.amend(a, change, req.body);
        if (typeof result === "string") throw new HttpError(400, result);
        if (a.deposit && update.validate !== undefined) {
          if (update.validate === null) delete a.deposit.validate;
          else a.deposit.validate = update.validate;
        }
        return json(200, view(result));
      },
    },
    {
      method: "DELETE",
      path: "/payment-api/v1/allocations/:allocationId",
      handler: (req) => {
        ledger.release(activeAllocation(ledger, req.params.allocationId!));
        return json(200, null);
      },
    },
    {
      method: "GET",
      path: "/payment-api/v1/allocations/:allocationId/expenditures",
      handler: (req) => json(200, ledger.expenditures(req.params.allocationId!).map(expenditureJson)),
    },
    {
      method: "GET",
      path: "/payment-api/v1/demandDecorations",
      handler: (req) => {
        const raw = req.query.get("allocationIds");
        if (raw === null)
          throw new HttpError(400, "Query deserialize error: missing field `allocationIds`", "text");
        const allocations: AllocationRecord[] = [];
        for (const id of raw.split(",")) {
          const a = ledger.get(id.trim());
          if (a === undefined || a === "gone") throw new HttpError(404, null);
          if (!allocations.includes(a)) allocations.push(a);
        }
        return json(200, demandDecorations(allocations));
      },
    },
  ];
}
