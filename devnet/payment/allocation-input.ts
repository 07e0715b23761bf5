import { parseTimestamp } from "../clock.js";
import { type Money, parseAmount } from "./money.js";
import {
  DEFAULT_TESTNET,
  type Platform,
  PlatformError,
  parsePlatformName,
  platformFromObject,
} from "./platform.js";
import { badPlatform, invalidField, malformedDeposit } from "./problems.js";

/** An allocation's deposit, as given (the devnet has no deposit contracts to call). */
export interface Deposit {
  id: string;
  contract: string;
  validate?: Record<string, unknown>;
}

/** A validated `POST /allocations` body. */
export interface NewAllocation {
  platform: Platform;
  address: string;
  totalAmount: Money;
  timeoutMs?: number;
  deposit?: Deposit;
  makeDeposit: boolean;
  extendTimeoutSec?: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads an optional RFC 3339 field; undefined when absent or null.
 *
 * @example
 * optionalTimestamp(body, body.timeout, "timeout"); // 2034-05-01 in ms
 */
export function optionalTimestamp(requestBody: unknown, value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "string" ? parseTimestamp(value) : undefined;
  if (ms === undefined)
    throw invalidField(
      requestBody,
      field,
      `${field} must be an RFC 3339 date-time, got ${JSON.stringify(value)}`,
    );
  return ms;
}

function readDeposit(body: Record<string, unknown>, platform: string, address: string): Deposit | undefined {
  const d = body.deposit;
  if (d === undefined || d === null) return undefined;
  if (!isObject(d) || typeof d.id !== "string" || typeof d.contract !== "string") {
    throw invalidField(body, "deposit", "deposit must be an object with string fields id and contract");
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(d.contract)) throw malformedDeposit(body, platform, address, "contract");
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(d.id)) throw malformedDeposit(body, platform, address, "id");
  if (d.validate !== undefined && d.validate !== null && !isObject(d.validate)) {
    throw invalidField(body, "deposit", "deposit.validate must be an object");
  }
  const deposit: Deposit = { id: d.id, contract: d.contract };
  if (isObject(d.validate)) deposit.validate = d.validate;
  return deposit;
}

/**
 * Validates a `NewAllocation` body the way the daemon reads it: `totalAmount` required
 * (string or number), `paymentPlatform` a name or `{driver?, network?, token?}`,
 * `address` defaulting to the caller's identity, unknown fields ignored.
 * Throws problem+json errors naming the field at fault.
 *
 * @example
 * const a = readNewAllocation({ totalAmount: "5", paymentPlatform: { token: "tglm" } }, me);
 * a.platform.name; // "erc20-holesky-tglm"
 */
export function readNewAllocation(body: unknown, identity: string): NewAllocation {
  if (!isObject(body))
    throw invalidField(body ?? null, "requestBody", "The request body must be a JSON object (NewAllocation)");
  if (body.totalAmount === undefined || body.totalAmount === null) {
    throw invalidField(body, "totalAmount", "totalAmount is required");
  }
  const totalAmount = parseAmount(body.totalAmount);
  if (typeof totalAmount === "string") throw invalidField(body, "totalAmount", `totalAmount ${totalAmount}`);
  if (body.address !== undefined && body.address !== null && typeof body.address !== "string") {
    throw invalidField(body, "address", "address must be a string");
  }
  const timeoutMs = optionalTimestamp(body, body.timeout, "timeout");
  if (body.makeDeposit !== undefined && body.makeDeposit !== null && typeof body.makeDeposit !== "boolean") {
    throw invalidField(body, "makeDeposit", "makeDeposit must be a boolean");
  }
  const ext = body.extendTimeout;
  if (ext !== undefined && ext !== null && !(typeof ext === "number" && Number.isInteger(ext) && ext >= 0)) {
    throw invalidField(
      body,
      "extendTimeout",
      "extendTimeout must be a non-negative integer number of seconds",
    );
  }

  const requested = body.paymentPlatform;
  let platform: Platform;
  try {
    if (requested === undefined || requested === null) platform = DEFAULT_TESTNET;
    else if (typeof requested === "string") platform = parsePlatformName(requested);
    else if (isObject(requested)) platform = platformFromObject(requested);
    else throw new PlatformError("paymentPlatform must be a string or an object {driver?, network?, token?}");
  } catch (err) {
    if (err instanceof PlatformError) throw badPlatform(body, err.message, requested);
    throw err;
  }

  const address = typeof body.address === "string" ? body.address : identity;
  const result: NewAllocation = { platform, address, totalAmount, makeDeposit: body.makeDeposit === true };
  if (timeoutMs !== undefined) result.timeoutMs = timeoutMs;
  if (typeof ext === "number") result.extendTimeoutSec = ext;
  const deposit = readDeposit(body, platform.name, address);
  if (deposit) result.deposit = deposit;
  return result;
}
