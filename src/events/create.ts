import { Decimal } from "decimal.js";
import { InvalidEventError } from "../errors.js";
import { isJsonObject, type JsonValue, toJsonValue } from "../json.js";
import { REJECTION_KINDS, type RejectionKind } from "../strategy/rejection.js";
import { EVENT_CATALOGUE, EVENT_TYPES, type FieldKind, isEventType } from "./catalogue.js";
import { errorInfo, isErrorInfo } from "./exc-info.js";
import type { ComputationEvent, EventOf, EventType } from "./types.js";

type DefaultedKeys<E> = {
  [K in keyof E]-?: null extends E[K] ? K : K extends "success" ? K : never;
}[keyof E];
type InitValue<K, V> = K extends "excInfo"
  ? unknown
  : K extends "amount"
    ? Decimal | string | number
    : JsonValue extends V
      ? unknown
      : V;

/**
 * What `createEvent` takes for an event type: its fields without `type`. Nullable fields and
 * `success` may be left out (null, true); `excInfo` takes any thrown value; `amount` takes a
 * Decimal, number or decimal string; free-form fields (task data, results, commands) take any
 * value, stored as a JSON copy.
 */
export type EventInit<T extends EventType> = {
  readonly [K in Exclude<keyof EventOf<T>, "type" | DefaultedKeys<EventOf<T>>>]: InitValue<K, EventOf<T>[K]>;
} & { readonly [K in Exclude<DefaultedKeys<EventOf<T>>, "type">]?: InitValue<K, EventOf<T>[K]> };

/** The arguments after the type: the init object, optional when every field is. */
export type EventInitArgs<T extends EventType> =
  Partial<EventInit<T>> extends EventInit<T> ? [init?: EventInit<T>] : [init: EventInit<T>];

function fail(type: string, field: string | undefined, detail: string): never {
  throw new InvalidEventError(type, field, detail);
}

function readAmount(type: string, field: string, raw: unknown): string {
  if (Decimal.isDecimal(raw) && raw.isFinite()) return raw.toFixed();
  if (typeof raw === "number" && Number.isFinite(raw)) return new Decimal(raw).toFixed();
  if (typeof raw === "string" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim()))
    return raw.trim();
  return fail(type, field, `expected a decimal amount, got ${JSON.stringify(raw) ?? String(raw)}`);
}

function readField(type: string, field: string, kind: FieldKind, raw: unknown): unknown {
  const absent = raw === undefined || raw === null;
  switch (kind) {
    case "string":
      return typeof raw === "string" ? raw : fail(type, field, "expected a string");
    case "string?":
      return absent ? null : typeof raw === "string" ? raw : fail(type, field, "expected a string or null");
    case "count":
      return Number.isInteger(raw) && (raw as number) >= 0
        ? raw
        : fail(type, field, "expected a whole number >= 0");
    case "ms":
      return typeof raw === "number" && Number.isFinite(raw)
        ? raw
        : fail(type, field, "expected milliseconds");
    case "flag":
      return raw === undefined
        ? true
        : typeof raw === "boolean"
          ? raw
          : fail(type, field, "expected true or false");
    case "json":
      return toJsonValue(raw);
    case "object": {
      const value = toJsonValue(raw);
      return isJsonObject(value) ? value : fail(type, field, "expected an object");
    }
    case "amount":
      return readAmount(type, field, raw);
    case "error":
      return absent ? null : isErrorInfo(raw) ? Object.freeze({ ...raw }) : errorInfo(raw);
    case "rejection": {
      if (absent) return null;
      const value = toJsonValue(raw);
      const ok =
        isJsonObject(value) &&
        REJECTION_KINDS.includes(value.kind as RejectionKind) &&
        typeof value.reason === "string";
      return ok ? value : fail(type, field, "expected an OfferRejection or null");
    }
  }
}

function build(type: string, init: unknown): ComputationEvent {
  if (!isEventType(type)) return fail(type, undefined, "unknown event type");
  if (init !== undefined && (typeof init !== "object" || init === null))
    fail(type, undefined, "expected an object of fields");
  const given = (init ?? {}) as Readonly<Record<string, unknown>>;
  const fields: Readonly<Record<string, FieldKind>> = EVENT_CATALOGUE[type].fields;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(fields, key)) fail(type, key, "not a field of this event");
  }
  const event: Record<string, unknown> = { type };
  for (const [field, kind] of Object.entries(fields))
    event[field] = readField(type, field, kind, given[field]);
  // Each field was read by the kind the catalogue gives it for this type.
  return Object.freeze(event) as unknown as ComputationEvent;
}

/**
 * Builds a frozen, JSON-serialisable event of the given type; wrong or unknown fields fail
 * with `InvalidEventError`. Free-form values are copied, so the caller's objects are never
 * frozen.
 *
 * @example
 * const e = createEvent("TaskAccepted", { taskId: "1", result: "output_0.png" });
 * // { type: "TaskAccepted", taskId: "1", result: "output_0.png" }
 * createEvent("WorkerFinished", { agrId: "a1", excInfo: new Error("boom") }).excInfo?.message; // "boom"
 */
export function createEvent<T extends EventType>(type: T, ...init: EventInitArgs<T>): EventOf<T> {
  return build(type, init[0]) as EventOf<T>;
}

/** One factory per event type (see `newEvent`). */
export type EventFactories = { readonly [T in EventType]: (...init: EventInitArgs<T>) => EventOf<T> };

/**
 * A factory per event type, named after it, like yapapi's event constructors.
 *
 * @example
 * const e = newEvent.AgreementTerminated({ agrId: "a1", reason: { message: "Work cancelled", "golem.requestor.code": "Cancelled" } });
 */
export const newEvent: EventFactories = Object.freeze(
  Object.fromEntries(EVENT_TYPES.map((type) => [type, (init?: unknown) => build(type, init)])),
) as EventFactories;
