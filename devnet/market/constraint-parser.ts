/**
 * The market's constraint language: an LDAP-style filter such as
 * `(&(golem.runtime.name=vm)(golem.inf.mem.gib>=0.5))` (yagna-protocol.md 2.7).
 *
 * This file and `constraint-eval.ts` are pure (no devnet imports): the requestor SDK
 * reuses them to pre-filter offers the way the daemon's matcher does.
 */

/** `=`, `<`, `<=`, `>`, `>=`; the daemon has no `<>` and no `~=`. */
export type CompareOp = "=" | "<" | "<=" | ">" | ">=";

/** An attribute reference: `name`, `name[aspect]`, `name$v`, `name[aspect]$d`. */
export interface AttrRef {
  name: string;
  aspect?: string;
  /** `$d` decimal, `$v` version, `$t` date-time. */
  type?: "d" | "v" | "t";
}

/** A constraint value, with its readings prepared once at parse time (matching is hot). */
export interface CompareValue {
  raw: string;
  /** The value read as an f64, or undefined when it is not a number. */
  num: number | undefined;
  /** The value read as a Rust `bool` (`true`/`false` only). */
  bool: boolean | undefined;
  /** Items of a `[a,b]` list literal, each read as a value of its own. */
  list: CompareValue[] | undefined;
  /** For values with `*`: the wildcard pattern. */
  pattern: RegExp | undefined;
}

/** A parsed constraint expression. */
export type Constraint =
  | { kind: "empty" }
  | { kind: "and"; items: Constraint[] }
  | { kind: "or"; items: Constraint[] }
  | { kind: "not"; item: Constraint }
  | { kind: "present"; attr: AttrRef }
  | { kind: "compare"; attr: AttrRef; op: CompareOp; value: CompareValue };

/**
 * A constraint that does not parse; `message` says what and where.
 *
 * @example
 * try { parseConstraint("(a=1"); } catch (err) { if (err instanceof ConstraintSyntaxError) err.position; }
 */
export class ConstraintSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = "ConstraintSyntaxError";
  }
}

const F64 = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/**
 * Reads text as Rust's `str::parse::<f64>()` would; undefined when it is not a number.
 *
 * @example
 * parseF64("0.5"); // 0.5
 * parseF64("abc"); // undefined
 */
export function parseF64(text: string): number | undefined {
  if (!F64.test(text)) return undefined;
  const lower = text.toLowerCase().replace(/^\+/, "");
  if (lower.endsWith("nan")) return Number.NaN;
  if (lower.endsWith("inf") || lower.endsWith("infinity")) {
    return lower.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return Number(text);
}

function compareValue(raw: string, inList = false): CompareValue {
  const bool = raw === "true" ? true : raw === "false" ? false : undefined;
  let list: CompareValue[] | undefined;
  if (!inList && raw.startsWith("[") && raw.endsWith("]")) {
    const inner = raw.slice(1, -1);
    const items = inner.trim() === "" ? [] : inner.split(",").map((s) => s.trim());
    if (items.every((s) => !s.includes("[") && !s.includes("]")))
      list = items.map((s) => compareValue(s, true));
  }
  // Only `*` is special; every other character of the value matches itself.
  const pattern = raw.includes("*")
    ? new RegExp(
        `^${raw
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
        "s",
      )
    : undefined;
  return { raw, num: parseF64(raw), bool, list, pattern };
}

function attrRef(text: string, at: number): AttrRef {
  const m = /^([^[\]$]+)(?:\[([^\]]*)\])?(?:\$(.*))?$/.exec(text);
  if (!m) throw new ConstraintSyntaxError(`Invalid attribute '${text}'`, at);
  const name = m[1]!.trim();
  if (name === "") throw new ConstraintSyntaxError("Empty attribute name", at);
  const ref: AttrRef = { name };
  if (m[2] !== undefined) ref.aspect = m[2];
  if (m[3] !== undefined) {
    if (m[3] !== "d" && m[3] !== "v" && m[3] !== "t") {
      throw new ConstraintSyntaxError(`Unknown type suffix '$${m[3]}' in '${text}' (use $d, $v or $t)`, at);
    }
    ref.type = m[3];
  }
  return ref;
}

/** Deeper nesting is refused, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 200;

class Parser {
  pos = 0;
  depth = 0;
  constructor(readonly text: string) {}

  skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  expect(ch: string): void {
    this.skipWs();
    if (this.text[this.pos] !== ch) {
      const found = this.pos < this.text.length ? `'${this.text[this.pos]}'` : "end of text";
      throw new ConstraintSyntaxError(`Expected '${ch}' but found ${found}`, this.pos);
    }
    this.pos++;
  }

  filter(): Constraint {
    this.expect("(");
    if (++this.depth > MAX_DEPTH)
      throw new ConstraintSyntaxError(`Nested deeper than ${MAX_DEPTH} levels`, this.pos);
    this.skipWs();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { kind: "empty" };
    }
    const op = this.text[this.pos];
    let result: Constraint;
    if (op === "&" || op === "|") {
      this.pos++;
      const items: Constraint[] = [];
      this.skipWs();
      while (this.text[this.pos] === "(") {
        items.push(this.filter());
        this.skipWs();
      }
      result = { kind: op === "&" ? "and" : "or", items };
    } else if (op === "!") {
      this.pos++;
      result = { kind: "not", item: this.filter() };
    } else {
      result = this.item();
    }
    this.expect(")");
    this.depth--;
    return result;
  }

  item(): Constraint {
    const start = this.pos;
    while (this.pos < this.text.length && !"=<>~()".includes(this.text[this.pos]!)) this.pos++;
    const attrText = this.text.slice(start, this.pos).trim();
    const ch = this.text[this.pos];
    if (ch === undefined || ch === "(" || ch === ")") {
      throw new ConstraintSyntaxError(`Missing comparison operator after '${attrText}'`, this.pos);
    }
    if (ch === "~") throw new ConstraintSyntaxError("Unsupported operator '~='", this.pos);
    const attr = attrRef(attrText, start);
    let op: CompareOp = ch as CompareOp;
    if ((ch === "<" || ch === ">") && this.text[this.pos + 1] === "=") op = `${ch}=` as CompareOp;
    this.pos += op.length;
    const end = this.text.indexOf(")", this.pos);
    if (end < 0) throw new ConstraintSyntaxError("Missing ')' after value", this.text.length);
    const raw = this.text.slice(this.pos, end);
    this.pos = end;
    if (op === "=" && raw.trim() === "*") return { kind: "present", attr };
    return { kind: "compare", attr, op, value: compareValue(raw) };
  }
}

/**
 * Parses a constraint filter. Whitespace (including newlines) may separate tokens;
 * `()` and an empty text mean "always true". Throws ConstraintSyntaxError.
 *
 * @example
 * const c = parseConstraint("(&(golem.runtime.name=vm)\n\t(golem.inf.mem.gib>=0.5))");
 * c.kind; // "and"
 */
export function parseConstraint(text: string): Constraint {
  const p = new Parser(text);
  p.skipWs();
  if (p.pos === text.length) return { kind: "empty" };
  const result = p.filter();
  p.skipWs();
  if (p.pos !== text.length)
    throw new ConstraintSyntaxError(`Unexpected text '${text.slice(p.pos, p.pos + 20)}'`, p.pos);
  return result;
}

function attrText(a: AttrRef): string {
  return `${a.name}${a.aspect !== undefined ? `[${a.aspect}]` : ""}${a.type ? `$${a.type}` : ""}`;
}

/**
 * Writes a constraint back as filter text (compact form).
 *
 * @example
 * constraintText(parseConstraint("( & (a=1) (b=*) )")); // "(&(a=1)(b=*))"
 */
export function constraintText(c: Constraint): string {
  switch (c.kind) {
    case "empty":
      return "()";
    case "and":
      return `(&${c.items.map(constraintText).join("")})`;
    case "or":
      return `(|${c.items.map(constraintText).join("")})`;
    case "not":
      return `(!${constraintText(c.item)})`;
    case "present":
      return `(${attrText(c.attr)}=*)`;
    case "compare":
      return `(${attrText(c.attr)}${c.op}${c.value.raw})`;
  }
}
