/** Any value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/**
 * A JSON object, e.g. an agreement termination reason. A key may hold `undefined`, as in an
 * object literal with an optional field: `JSON.stringify` leaves such keys out.
 */
export type JsonObject = { readonly [key: string]: JsonValue | undefined };

/**
 * A deeply frozen JSON copy of `value`, following `JSON.stringify`'s rules (objects keep their
 * own enumerable keys, `toJSON()` is honoured, non-finite numbers become `null`, functions and
 * `undefined` are dropped from objects and become `null` in arrays) plus a few so that the
 * copy never throws: a bigint becomes its decimal string, a Map an object of its entries, a Set
 * an array, an Error `{name, message}`, and a cycle the string "[Circular]". The caller's value
 * is never frozen or changed, which is why events copy user data (task data, results) with it.
 *
 * @example
 * toJsonValue({ when: new Date(0), n: 1n, f: () => 1 }); // { when: "1970-01-01T00:00:00.000Z", n: "1" }
 */
export function toJsonValue(value: unknown): JsonValue {
  return convert(value, new Set()) ?? null;
}

/**
 * True when `value` is a JSON object (not an array, not null).
 *
 * @example
 * isJsonObject({ message: "done" }); // true
 * isJsonObject([1]); // false
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function convert(value: unknown, seen: Set<object>): JsonValue | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null || typeof value !== "object") return null;
  if (seen.has(value)) return "[Circular]";
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === "function") return convert(toJson.call(value), seen);
  seen.add(value);
  try {
    return Object.freeze(convertObject(value, seen));
  } finally {
    seen.delete(value);
  }
}

function convertObject(value: object, seen: Set<object>): JsonValue[] | Record<string, JsonValue> {
  if (Array.isArray(value) || value instanceof Set) {
    return Array.from(value as Iterable<unknown>, (item) => convert(item, seen) ?? null);
  }
  if (value instanceof Error) return { name: value.name, message: value.message };
  const entries: Iterable<[unknown, unknown]> =
    value instanceof Map ? value.entries() : Object.entries(value);
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of entries) {
    const converted = convert(item, seen);
    // defineProperty, so that a "__proto__" key stays a plain own key.
    if (converted !== undefined) {
      Object.defineProperty(out, String(key), {
        value: converted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}
