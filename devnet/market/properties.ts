/**
 * Property sets in the daemon's "flat convention" (yagna-protocol.md 2.2). Pure: no
 * devnet imports, so the requestor SDK can flatten its demands the same way.
 */

/** Dotted property names to JSON values, e.g. `{"golem.inf.mem.gib": 4}`. */
export type FlatProperties = Record<string, unknown>;

/** The member of a nested object that names the value of its parent key. */
export const PROPERTY_TAG = "@tag";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Depth-first, in key order, with an explicit stack: hostile nesting cannot overflow it. */
function walk(root: Record<string, unknown>, out: [string, unknown][]): void {
  const stack: [string, unknown][] = [["", root]];
  while (stack.length > 0) {
    const [prefix, value] = stack.pop()!;
    if (!isObject(value)) {
      out.push([prefix, value]);
      continue;
    }
    const keys = Object.keys(value);
    // An empty object is kept as a value, so nothing silently disappears.
    if (keys.length === 0 && prefix !== "") out.push([prefix, {}]);
    const children: [string, unknown][] = [];
    for (const key of keys) {
      if (key === PROPERTY_TAG) out.push([prefix, value[key]]);
      else children.push([prefix === "" ? key : `${prefix}.${key}`, value[key]]);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/**
 * Flattens nested properties into dotted keys, sorted by name as the daemon returns them.
 * A nested object's `@tag` member becomes the value of the object's own key.
 *
 * @example
 * flattenProperties({ golem: { com: { scheme: { "@tag": "payu", payu: { "debit-note.interval-sec?": 6 } } } } });
 * // { "golem.com.scheme": "payu", "golem.com.scheme.payu.debit-note.interval-sec?": 6 }
 */
export function flattenProperties(properties: Record<string, unknown>): FlatProperties {
  const out: [string, unknown][] = [];
  walk(properties, out);
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // fromEntries defines own properties, so a key such as "__proto__" stays plain data.
  return Object.fromEntries(out);
}

/**
 * Reads one flat property without ever reaching the object's prototype.
 *
 * @example
 * prop({ "golem.runtime.name": "vm" }, "golem.runtime.name"); // "vm"
 */
export function prop(properties: FlatProperties, name: string): unknown {
  return Object.hasOwn(properties, name) ? properties[name] : undefined;
}
