import { readFileSync } from "node:fs";
import type { AccountConfig, DevnetOptions, FaultConfig, ProviderConfig } from "../../devnet/index.js";
import { UsageError } from "./args.js";

/** Checks one value; returns a description of what was expected when it does not fit. */
type Check = (value: unknown, at: string) => void;

class ConfigError extends Error {}

function fail(at: string, expected: string, value: unknown): never {
  throw new ConfigError(`${at} must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`);
}

const str: Check = (v, at) => {
  if (typeof v !== "string" || v === "") fail(at, "a non-empty string", v);
};
const bool: Check = (v, at) => {
  if (typeof v !== "boolean") fail(at, "true or false", v);
};
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v, at) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
      fail(at, `a whole number from ${min} to ${max}`, v);
  };
const num =
  (min: number, max = Number.POSITIVE_INFINITY, exclusiveMin = false): Check =>
  (v, at) => {
    const ok = typeof v === "number" && Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max;
    if (!ok)
      fail(
        at,
        `a number ${exclusiveMin ? ">" : ">="} ${min}${max < Number.POSITIVE_INFINITY ? ` and <= ${max}` : ""}`,
        v,
      );
  };
const positive = num(0, Number.POSITIVE_INFINITY, true);
const oneOf =
  (...allowed: unknown[]): Check =>
  (v, at) => {
    if (!allowed.includes(v)) fail(at, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, v);
  };
const decimal: Check = (v, at) => {
  if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v))
    fail(at, 'a decimal amount as a string, e.g. "1000"', v);
};
const arrayOf =
  (item: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) fail(at, "an array", v);
    v.forEach((x, i) => {
      item(x, `${at}[${i}]`);
    });
  };
const nullable =
  (check: Check): Check =>
  (v, at) => {
    if (v !== null) check(v, at);
  };

/** An object whose fields are all known; `required` ones must be present. */
function object(fields: Record<string, Check>, required: string[] = []): Check {
  return (v, at) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) fail(at || "the config", "an object", v);
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const check = fields[key];
      const path = at === "" ? key : `${at}.${key}`;
      if (!check)
        throw new ConfigError(`${path} is not a known field (known: ${Object.keys(fields).join(", ")})`);
      check(record[key], path);
    }
    for (const key of required) {
      if (record[key] === undefined) throw new ConfigError(`${at === "" ? key : `${at}.${key}`} is required`);
    }
  };
}

// The mapped types make the compiler flag a field added to config.ts and not checked here.
const FAULTS: { [K in keyof Required<FaultConfig>]: Check } = {
  rejectProposals: bool,
  neverApprove: bool,
  approveDelayMs: num(0),
  commandFailureRate: num(0, 1),
  crashRate: num(0, 1),
  noDebitNotes: bool,
  noInvoice: bool,
  httpErrorRate: num(0, 1),
  httpErrorStatus: oneOf(500, 408),
};

const PROVIDER: { [K in keyof Required<ProviderConfig>]: Check } = {
  name: str,
  subnet: str,
  runtime: str,
  prices: object({ start: num(0), cpuSec: num(0), durationSec: num(0) }),
  cpuThreads: int(1),
  cpuCores: int(1),
  memGib: positive,
  storageGib: positive,
  multiActivity: bool,
  debitNoteIntervalSec: positive,
  debitNoteAcceptTimeoutSec: positive,
  paymentTimeoutSec: nullable(positive),
  maxAgreements: int(1),
  offers: int(1),
  idleAgreementTimeoutSec: positive,
  platforms: arrayOf(str),
  faults: object(FAULTS),
};

const ACCOUNT: { [K in keyof Required<AccountConfig>]: Check } = { platform: str, balance: decimal };

const OPTIONS: { [K in keyof Required<Omit<DevnetOptions, "log">>]: Check } = {
  port: int(0, 65535),
  host: str,
  appKey: str,
  seed: str,
  providerCount: int(0, 1000),
  providers: arrayOf(object(PROVIDER, ["name"])),
  accounts: arrayOf(object(ACCOUNT, ["platform", "balance"])),
  appKeyName: str,
  dataDir: str,
  confine: oneOf("auto", "bwrap", "none"),
  subscriptionTtlSec: positive,
};

/**
 * Checks parsed JSON against `DevnetOptions` (every field, nested providers and faults
 * included); throws an Error naming the first bad field.
 *
 * @example
 * validateDevnetOptions({ providers: [{ name: "a", prices: { cpuSec: -1 } }] });
 * // throws "providers[0].prices.cpuSec must be a number >= 0 (got -1)"
 */
export function validateDevnetOptions(value: unknown): DevnetOptions {
  object(OPTIONS)(value, "");
  const options = value as DevnetOptions;
  const seen = new Set<string>();
  options.providers?.forEach((p, i) => {
    if (seen.has(p.name))
      throw new ConfigError(`providers[${i}].name "${p.name}" is used by another provider`);
    seen.add(p.name);
  });
  return options;
}

/**
 * Reads and validates a `devnet.json`; every problem is a UsageError naming the file.
 *
 * @example
 * const options = loadDevnetConfig("devnet.json");
 */
export function loadDevnetConfig(file: string): DevnetOptions {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`config ${file} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return validateDevnetOptions(parsed);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`config ${file}: ${err.message}`);
    throw err;
  }
}
