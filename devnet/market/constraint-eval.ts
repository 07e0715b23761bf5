/**
 * Evaluates parsed constraints against flat properties with the daemon's three-valued
 * logic (yagna-protocol.md 2.7): a constraint on a property the other side lacks is
 * Undefined, `!` of Undefined stays Undefined, and a match needs Yes on both sides.
 * Pure: no devnet imports.
 */
import {
  type AttrRef,
  type CompareOp,
  type CompareValue,
  type Constraint,
  constraintText,
} from "./constraint-parser.js";
import { prop } from "./properties.js";

/** The result of a constraint on a set of properties. */
export type Tri = "yes" | "no" | "undefined";

/** A property value as the resolver types it: JSON strings, numbers, booleans and lists. */
type Typed =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "bool"; v: boolean }
  | { t: "list"; v: Typed[] }
  | { t: "ver"; v: number[]; pre: string }
  | { t: "date"; v: number };

function typed(value: unknown): Typed | undefined {
  if (typeof value === "string") return { t: "str", v: value };
  if (typeof value === "number") return Number.isFinite(value) ? { t: "num", v: value } : undefined;
  if (typeof value === "boolean") return { t: "bool", v: value };
  if (Array.isArray(value)) {
    const items: Typed[] = [];
    for (const item of value) {
      const t = typed(item);
      // The daemon drops a property whose value it cannot read, list items included.
      if (!t) return undefined;
      items.push(t);
    }
    return { t: "list", v: items };
  }
  return undefined;
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function version(text: string): Typed | undefined {
  const m = SEMVER.exec(text);
  return m ? { t: "ver", v: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? "" } : undefined;
}

function date(text: string): Typed | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text.replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : { t: "date", v: ms };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Applies a `$d`/`$v`/`$t` suffix: only strings convert; anything else is Undefined. */
function convert(value: Typed, type: AttrRef["type"]): Typed | undefined {
  if (!type) return value;
  if (value.t !== "str") return undefined;
  if (type === "d") return DECIMAL.test(value.v) ? { t: "num", v: Number(value.v) } : undefined;
  return type === "v" ? version(value.v) : date(value.v);
}

function cmpVersion(a: Extract<Typed, { t: "ver" }>, b: Extract<Typed, { t: "ver" }>): number {
  for (let i = 0; i < 3; i++) if (a.v[i] !== b.v[i]) return a.v[i]! - b.v[i]!;
  if (a.pre === b.pre) return 0;
  if (a.pre === "") return 1;
  if (b.pre === "") return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** -1, 0 or 1; NaN when the two are unordered (a NaN number). */
function cmp<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN;
}

function ordered(diff: number | undefined, op: CompareOp): boolean {
  if (diff === undefined || Number.isNaN(diff)) return false;
  switch (op) {
    case "=":
      return diff === 0;
    case "<":
      return diff < 0;
    case "<=":
      return diff <= 0;
    case ">":
      return diff > 0;
    case ">=":
      return diff >= 0;
  }
}

/** `value op constraint-value`, as the resolver's PropertyValue operators. */
function holds(value: Typed, op: CompareOp, c: CompareValue): boolean {
  switch (value.t) {
    case "str":
      if (op === "=") return c.pattern ? c.pattern.test(value.v) : value.v === c.raw;
      return ordered(cmp(value.v, c.raw), op);
    case "num":
      return c.num !== undefined && ordered(cmp(value.v, c.num), op);
    case "bool":
      return op === "=" && c.bool === value.v;
    case "list": {
      if (op !== "=") return false;
      // A list literal means "the same elements"; a single value means "contains".
      const list = c.list;
      if (list)
        return (
          list.length === value.v.length && list.every((item) => value.v.some((v) => holds(v, "=", item)))
        );
      return value.v.some((v) => holds(v, "=", c));
    }
    case "ver": {
      const other = version(c.raw);
      return other?.t === "ver" ? ordered(cmpVersion(value, other), op) : false;
    }
    case "date": {
      const other = date(c.raw);
      return other?.t === "date" ? ordered(cmp(value.v, other.v), op) : false;
    }
  }
}

/**
 * Evaluates a constraint on flat properties.
 *
 * @example
 * evaluate(parseConstraint("(golem.inf.mem.gib>=1)"), { "golem.inf.mem.gib": 4 }); // "yes"
 * evaluate(parseConstraint("(golem.inf.mem.gib>=1)"), {}); // "undefined"
 */
export function evaluate(c: Constraint, props: Record<string, unknown>): Tri {
  switch (c.kind) {
    case "empty":
      return "yes";
    case "and": {
      let undef = false;
      for (const item of c.items) {
        const r = evaluate(item, props);
        if (r === "no") return "no";
        if (r === "undefined") undef = true;
      }
      return undef ? "undefined" : "yes";
    }
    case "or": {
      let undef = false;
      for (const item of c.items) {
        const r = evaluate(item, props);
        if (r === "yes") return "yes";
        if (r === "undefined") undef = true;
      }
      return undef ? "undefined" : "no";
    }
    case "not": {
      const r = evaluate(c.item, props);
      return r === "undefined" ? r : r === "yes" ? "no" : "yes";
    }
    case "present":
      // Properties carry no aspects, so an aspect is never present.
      return c.attr.aspect === undefined && typed(prop(props, c.attr.name)) ? "yes" : "no";
    case "compare": {
      const value = typed(prop(props, c.attr.name));
      if (!value || c.attr.aspect !== undefined) return "undefined";
      const converted = convert(value, c.attr.type);
      if (!converted) return "undefined";
      return holds(converted, c.op, c.value) ? "yes" : "no";
    }
  }
}

/**
 * The leaf constraints that do not hold (No or Undefined), as text, for error messages.
 *
 * @example
 * unmetConstraints(parseConstraint("(&(a=1)(b=2))"), { a: 1 }); // ["(b=2)"]
 */
export function unmetConstraints(c: Constraint, props: Record<string, unknown>): string[] {
  if (evaluate(c, props) === "yes") return [];
  if (c.kind === "and") return c.items.flatMap((item) => unmetConstraints(item, props));
  return [constraintText(c)];
}

/** One side of a match: flat properties and parsed constraints. */
export interface MatchSide {
  properties: Record<string, unknown>;
  constraint: Constraint;
}

/**
 * The daemon's match: demand constraints hold on the offer's properties and offer
 * constraints hold on the demand's properties, both a full Yes.
 *
 * @example
 * matches({ properties: { x: 1 }, constraint: parseConstraint("(y=2)") },
 *         { properties: { y: 2 }, constraint: parseConstraint("(x=1)") }); // true
 */
export function matches(demand: MatchSide, offer: MatchSide): boolean {
  return (
    evaluate(demand.constraint, offer.properties) === "yes" &&
    evaluate(offer.constraint, demand.properties) === "yes"
  );
}
