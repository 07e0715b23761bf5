import { Decimal } from "decimal.js";
import type { JsonValue } from "../json.js";

/** Flat offer or demand properties as the daemon sends them: dotted keys to JSON values. */
export type Props = Readonly<Record<string, unknown>>;

/**
 * How one field of a property model is read from and written to a property. `decode` throws
 * a plain Error whose message says what was wrong with the value; the model adds the key.
 */
export interface Field<V> {
  /** The property key, e.g. `golem.node.id.name`. */
  readonly key: string;
  /** A missing required key makes `fromProperties` fail; a missing optional one is skipped. */
  readonly required: boolean;
  decode(raw: unknown): V;
  encode(value: V): JsonValue;
}

function field<V>(key: string, decode: (raw: unknown) => V, encode: (value: V) => JsonValue): Field<V> {
  return Object.freeze({ key, required: false, decode, encode });
}

function show(raw: unknown): string {
  return typeof raw === "string" ? `'${raw}'` : (JSON.stringify(raw) ?? String(raw));
}

function toNumber(raw: unknown): number {
  const n =
    typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`could not convert ${show(raw)} to a number`);
  return n;
}

/**
 * Makes a field required: `fromProperties` fails with `Missing key: '<key>'` without it.
 *
 * @example
 * const scheme = required(stringField("golem.com.scheme"));
 */
export function required<V>(f: Field<V>): Field<V> {
  return Object.freeze({ ...f, required: true });
}

/**
 * A string property.
 *
 * @example
 * stringField("golem.node.id.name").decode("leopard"); // "leopard"
 */
export function stringField(key: string): Field<string> {
  return field(
    key,
    (raw) => {
      if (typeof raw !== "string") throw new Error(`expected a string, got ${show(raw)}`);
      return raw;
    },
    (value) => value,
  );
}

/**
 * A finite number property; numeric strings are read too, since some providers send them.
 *
 * @example
 * numberField("golem.inf.mem.gib").decode("21.33"); // 21.33
 */
export function numberField(key: string): Field<number> {
  return field(key, toNumber, (value) => value);
}

/**
 * A whole-number property (counts such as CPU cores).
 *
 * @example
 * integerField("golem.inf.cpu.cores").decode(6); // 6
 */
export function integerField(key: string): Field<number> {
  return field(
    key,
    (raw) => {
      const n = toNumber(raw);
      if (!Number.isInteger(n)) throw new Error(`expected a whole number, got ${show(raw)}`);
      return n;
    },
    (value) => value,
  );
}

/**
 * A boolean property.
 *
 * @example
 * booleanField("golem.srv.caps.multi-activity").decode(true); // true
 */
export function booleanField(key: string): Field<boolean> {
  return field(
    key,
    (raw) => {
      if (typeof raw !== "boolean") throw new Error(`expected true or false, got ${show(raw)}`);
      return raw;
    },
    (value) => value,
  );
}

/**
 * A point in time as Unix epoch milliseconds, the daemon's format for
 * `golem.srv.comp.expiration`. Fractions are truncated to whole milliseconds.
 *
 * @example
 * timestampField("golem.srv.comp.expiration").decode(1717000000000); // 1717000000000
 */
export function timestampField(key: string): Field<number> {
  return field(
    key,
    (raw) => Math.trunc(toNumber(raw)),
    (value) => Math.trunc(value),
  );
}

/**
 * A duration held in milliseconds in the model and written in seconds in the property (the
 * unit of keys such as `golem.activity.timeout_secs`).
 *
 * @example
 * secondsField("golem.activity.timeout_secs").encode(1500); // 1.5
 */
export function secondsField(key: string): Field<number> {
  return field(
    key,
    (raw) => toNumber(raw) * 1000,
    (value) => value / 1000,
  );
}

/**
 * A money amount: read exactly into a Decimal, written as a JSON number (what constraint
 * matching compares numerically).
 *
 * @example
 * decimalField("golem.activity.cost_cap").decode("0.5").toFixed(); // "0.5"
 */
export function decimalField(key: string): Field<Decimal> {
  return field(key, toDecimal, (value) => value.toNumber());
}

/**
 * Reads a coefficient or price exactly: a JSON number goes through its shortest decimal text,
 * so `0.1` is 0.1, not the binary float's expansion.
 *
 * @example
 * toDecimal(0.002).toFixed(); // "0.002"
 */
export function toDecimal(raw: unknown): Decimal {
  if (Decimal.isDecimal(raw)) return raw;
  const n = toNumber(raw);
  // A string keeps all its digits; a number is read through its shortest text (decimal.js's rule).
  return new Decimal(typeof raw === "string" ? raw.trim() : n);
}

/**
 * Reads a list the way yapapi's `as_list` does: an array is taken as it is, a string is
 * parsed as JSON (failing with `Error when decoding '<text>'`), and a parsed scalar becomes a
 * one-element list of its text.
 *
 * @example
 * asList('["golem.usage.cpu_sec"]'); // ["golem.usage.cpu_sec"]
 */
export function asList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== "string") throw new Error(`expected a list, got ${show(raw)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`Error when decoding '${raw}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return Array.isArray(parsed) ? parsed : [String(parsed)];
}

/**
 * A list property whose items are read with `item` (see `asList` for the accepted forms).
 *
 * @example
 * listField("golem.com.usage.vector", (v) => String(v)).decode(["golem.usage.cpu_sec"]);
 */
export function listField<V>(
  key: string,
  item: (raw: unknown, index: number) => V,
  encodeItem: (value: V) => JsonValue = (v) => v as JsonValue,
): Field<V[]> {
  return field(
    key,
    (raw) => asList(raw).map((v, i) => item(v, i)),
    (value) => value.map(encodeItem),
  );
}

/**
 * Reads a list item as a string (for usage vectors and protocol lists).
 *
 * @example
 * stringItem("golem.usage.cpu_sec", 0); // "golem.usage.cpu_sec"
 */
export function stringItem(raw: unknown, index: number): string {
  if (typeof raw !== "string") throw new Error(`item ${index}: expected a string, got ${show(raw)}`);
  return raw;
}

/**
 * Reads a list item as an exact decimal (for linear price coefficients).
 *
 * @example
 * decimalItem("0.25", 2).toNumber(); // 0.25
 */
export function decimalItem(raw: unknown, index: number): Decimal {
  try {
    return toDecimal(raw);
  } catch (e) {
    throw new Error(`item ${index}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
