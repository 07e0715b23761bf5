import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate, matches, unmetConstraints } from "../../devnet/market/constraint-eval.js";
import {
  ConstraintSyntaxError,
  constraintText,
  parseConstraint,
  parseF64,
} from "../../devnet/market/constraint-parser.js";
import { flattenProperties, prop } from "../../devnet/market/properties.js";

const ev = (constraint: string, props: Record<string, unknown>) =>
  evaluate(parseConstraint(constraint), props);

describe("constraint parser", () => {
  test("parses comparisons, groups and negation into a tree", () => {
    const c = parseConstraint("(&(golem.runtime.name=vm)(|(a<1)(b<=2)(c>3)(d>=4))(!(e=*)))");
    assert.equal(c.kind, "and");
    assert.equal(constraintText(c), "(&(golem.runtime.name=vm)(|(a<1)(b<=2)(c>3)(d>=4))(!(e=*)))");
    if (c.kind !== "and") return;
    const or = c.items[1]!;
    assert.equal(or.kind, "or");
    if (or.kind === "or")
      assert.deepEqual(
        or.items.map((i) => (i.kind === "compare" ? i.op : "?")),
        ["<", "<=", ">", ">="],
      );
    const not = c.items[2]!;
    assert.equal(not.kind === "not" && not.item.kind, "present");
  });

  test("accepts whitespace and newlines between tokens, as yapapi and providers write them", () => {
    const yapapi =
      "(&(golem.node.debug.subnet=public)\n\t(golem.com.payment.platform.erc20-holesky-tglm.address=*)\n\t(golem.com.payment.protocol.version>1)\n\t(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2.0)\n\t(golem.inf.cpu.threads>=1)\n\t(golem.runtime.name=vm)))";
    const provider = "(&\n  (golem.srv.comp.expiration>1691165349182)\n  (golem.node.debug.subnet=public)\n)";
    assert.equal(parseConstraint(yapapi).kind, "and");
    assert.equal(
      constraintText(parseConstraint(provider)),
      "(&(golem.srv.comp.expiration>1691165349182)(golem.node.debug.subnet=public))",
    );
    assert.equal(constraintText(parseConstraint("  ( &  ( a = * )\r\n ( ! (b=1) ) )  ")), "(&(a=*)(!(b=1)))");
  });

  test("() and an empty text mean true; (&) is an empty AND", () => {
    assert.equal(parseConstraint("()").kind, "empty");
    assert.equal(parseConstraint("").kind, "empty");
    assert.equal(parseConstraint(" \n ").kind, "empty");
    assert.equal(ev("()", {}), "yes");
    assert.equal(ev("(&)", {}), "yes");
    assert.equal(ev("(|)", {}), "no");
  });

  test("reads type suffixes and aspects of attributes", () => {
    const c = parseConstraint("(golem.runtime.version$v>=0.3.0)");
    assert.ok(c.kind === "compare");
    if (c.kind !== "compare") return;
    assert.deepEqual(c.attr, { name: "golem.runtime.version", type: "v" });
    const a = parseConstraint("(golem.inf.mem.gib[unit]$d>1)");
    assert.ok(a.kind === "compare" && a.attr.aspect === "unit" && a.attr.type === "d");
    assert.equal(constraintText(a), "(golem.inf.mem.gib[unit]$d>1)");
  });

  test("prepares number, boolean, list and wildcard readings of values", () => {
    const c = parseConstraint("(x=[a, b ,c])");
    assert.ok(c.kind === "compare");
    if (c.kind !== "compare") return;
    assert.deepEqual(
      c.value.list?.map((v) => v.raw),
      ["a", "b", "c"],
    );
    assert.equal(parseF64("1e3"), 1000);
    assert.equal(parseF64("-0.5"), -0.5);
    assert.equal(parseF64("inf"), Number.POSITIVE_INFINITY);
    assert.equal(parseF64(""), undefined);
    assert.equal(parseF64("0x10"), undefined);
    assert.equal(parseF64("1_000"), undefined);
  });

  const malformed: [string, RegExp][] = [
    ["(a=1", /Missing '\)'|Expected '\)'/],
    ["a=1", /Expected '\('/],
    ["(&(a=1)", /Expected '\)'/],
    ["(a)", /Missing comparison operator/],
    ["(a~=1)", /Unsupported operator/],
    ["(=1)", /Empty attribute name|Invalid attribute/],
    ["(a=1))", /Unexpected text/],
    ["(!)", /Expected '\('/],
    ["(a$q=1)", /Unknown type suffix/],
    ["(&(a=1)x)", /Expected '\)'/],
    [`${"(!".repeat(5000)}(a=1)${")".repeat(5000)}`, /Nested deeper than 200 levels/],
  ];
  for (const [text, message] of malformed) {
    test(`rejects ${JSON.stringify(text.slice(0, 30))} with a message and a position`, () => {
      assert.throws(
        () => parseConstraint(text),
        (err: unknown) =>
          err instanceof ConstraintSyntaxError &&
          message.test(err.message) &&
          /at position \d+/.test(err.message),
      );
    });
  }
});

describe("constraint evaluation", () => {
  test("numbers compare as f64", () => {
    const props = { "golem.inf.mem.gib": 21.33, n: 3 };
    assert.equal(ev("(golem.inf.mem.gib>=0.5)", props), "yes");
    assert.equal(ev("(golem.inf.mem.gib>21.33)", props), "no");
    assert.equal(ev("(golem.inf.mem.gib<=21.33)", props), "yes");
    assert.equal(ev("(n=3.0)", props), "yes");
    assert.equal(ev("(n<1e1)", props), "yes");
    assert.equal(ev("(n=abc)", props), "no");
    assert.equal(ev("(n>abc)", props), "no");
  });

  test("strings compare exactly, lexically, and with * wildcards", () => {
    const props = { name: "lynx.node", v: "b" };
    assert.equal(ev("(name=lynx.node)", props), "yes");
    assert.equal(ev("(name=lynx)", props), "no");
    assert.equal(ev("(name=lynx*)", props), "yes");
    assert.equal(ev("(name=*node)", props), "yes");
    assert.equal(ev("(name=l*x.n*e)", props), "yes");
    assert.equal(ev("(name=*)", props), "yes");
    // Only * is special: a dot in the pattern is a dot.
    assert.equal(ev("(name=lynx?node*)", props), "no");
    assert.equal(ev("(v>a)", props), "yes");
    assert.equal(ev("(v<a)", props), "no");
    assert.equal(ev("(v>=b)", props), "yes");
  });

  test("booleans read true and false only", () => {
    const props = { t: true, f: false };
    assert.equal(ev("(t=true)", props), "yes");
    assert.equal(ev("(f=false)", props), "yes");
    assert.equal(ev("(t=false)", props), "no");
    assert.equal(ev("(t=True)", props), "no");
    assert.equal(ev("(t>false)", props), "no");
  });

  test("lists: one value means contains, a list literal means the same elements", () => {
    const props = { caps: ["inet", "vpn", "start-entrypoint"], nums: [1, 2] };
    assert.equal(ev("(caps=vpn)", props), "yes");
    assert.equal(ev("(caps=gpu)", props), "no");
    assert.equal(ev("(caps=start-*)", props), "yes");
    assert.equal(ev("(caps=[vpn,inet,start-entrypoint])", props), "yes");
    assert.equal(ev("(caps=[vpn,inet])", props), "no");
    assert.equal(ev("(nums=2)", props), "yes");
    assert.equal(ev("(nums=[2, 1])", props), "yes");
    assert.equal(ev("(caps>a)", props), "no");
  });

  test("a constraint on a missing property is Undefined, and ! keeps it Undefined", () => {
    assert.equal(ev("(missing=1)", {}), "undefined");
    assert.equal(ev("(!(missing=1))", {}), "undefined");
    assert.equal(ev("(&(a=1)(missing=1))", { a: 1 }), "undefined");
    assert.equal(ev("(&(a=2)(missing=1))", { a: 1 }), "no");
    assert.equal(ev("(|(a=1)(missing=1))", { a: 1 }), "yes");
    assert.equal(ev("(|(a=2)(missing=1))", { a: 1 }), "undefined");
    assert.equal(ev("(!(a=2))", { a: 1 }), "yes");
  });

  test("presence is Yes or No, never Undefined", () => {
    assert.equal(ev("(a=*)", { a: 0 }), "yes");
    assert.equal(ev("(a=*)", {}), "no");
    assert.equal(ev("(!(a=*))", {}), "yes");
    assert.equal(ev("(a[unit]=*)", { a: 1 }), "no");
  });

  test("values the resolver cannot read (objects, null) count as absent", () => {
    assert.equal(ev("(a=*)", { a: null }), "no");
    assert.equal(ev("(a=*)", { a: {} }), "no");
    assert.equal(ev("(a=1)", { a: { b: 1 } }), "undefined");
    assert.equal(ev("(a=x)", { a: ["x", null] }), "undefined");
  });

  test("names never reach Object.prototype", () => {
    assert.equal(ev("(constructor=*)", {}), "no");
    assert.equal(ev("(__proto__=*)", {}), "no");
    assert.equal(ev("(toString=1)", {}), "undefined");
    assert.equal(prop({}, "hasOwnProperty"), undefined);
  });

  test("$v compares versions, $t dates, $d decimals; other types are Undefined", () => {
    const props = {
      ver: "0.10.0",
      pre: "1.0.0-rc.1",
      at: "2024-05-01T10:00:00Z",
      dec: "0.25",
      num: 1,
      bad: "x",
    };
    assert.equal(ev("(ver$v>0.9.0)", props), "yes");
    assert.equal(ev("(ver>0.9.0)", props), "no"); // lexically, "0.1" < "0.9"
    assert.equal(ev("(ver$v=0.10.0)", props), "yes");
    assert.equal(ev("(pre$v<1.0.0)", props), "yes");
    assert.equal(ev("(ver$v>garbage)", props), "no");
    assert.equal(ev("(bad$v>0.1.0)", props), "undefined");
    assert.equal(ev("(num$v>0.1.0)", props), "undefined");
    assert.equal(ev("(at$t>2024-05-01T09:00:00+00:00)", props), "yes");
    assert.equal(ev("(at$t<2024-05-01T10:30:00.5+01:00)", props), "no");
    assert.equal(ev("(dec$d>=0.25)", props), "yes");
    assert.equal(ev("(num$d>0)", props), "undefined");
  });

  test("an aspect in a comparison is Undefined (properties carry no aspects)", () => {
    assert.equal(ev("(a[unit]=1)", { a: 1 }), "undefined");
  });

  test("a match needs Yes in both directions", () => {
    const demand = {
      properties: { "golem.srv.comp.expiration": 2000 },
      constraint: parseConstraint("(golem.runtime.name=vm)"),
    };
    const offer = {
      properties: { "golem.runtime.name": "vm" },
      constraint: parseConstraint("(golem.srv.comp.expiration>1000)"),
    };
    assert.equal(matches(demand, offer), true);
    assert.equal(matches({ ...demand, properties: {} }, offer), false);
    assert.equal(matches(demand, { ...offer, properties: { "golem.runtime.name": "wasm" } }), false);
  });

  test("unmetConstraints lists the leaves that do not hold", () => {
    const c = parseConstraint("(&(a=1)(b=2)(|(c=1)(d=1)))");
    assert.deepEqual(unmetConstraints(c, { a: 1, b: 3 }), ["(b=2)", "(|(c=1)(d=1))"]);
    assert.deepEqual(unmetConstraints(c, { a: 1, b: 2, c: 1 }), []);
  });
});

describe("property flattening", () => {
  test("flattens nested objects with dotted keys, sorted, and applies @tag", () => {
    const flat = flattenProperties({
      golem: {
        com: { scheme: { "@tag": "payu", payu: { "debit-note.interval-sec?": 6 } } },
        "inf.mem": { gib: 4 },
        node: { id: { name: "lynx" } },
      },
      "golem.activity.caps.transfer.protocol": ["gftp", "http"],
    });
    assert.deepEqual(flat, {
      "golem.activity.caps.transfer.protocol": ["gftp", "http"],
      "golem.com.scheme": "payu",
      "golem.com.scheme.payu.debit-note.interval-sec?": 6,
      "golem.inf.mem.gib": 4,
      "golem.node.id.name": "lynx",
    });
    assert.deepEqual(Object.keys(flat), [...Object.keys(flat)].sort());
  });

  test("keeps empty objects and flat input unchanged, and stores __proto__ as plain data", () => {
    assert.deepEqual(flattenProperties({ a: {}, "b.c": 1 }), { a: {}, "b.c": 1 });
    const tricky = flattenProperties(JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>);
    assert.equal(prop(tricky, "__proto__.polluted"), 1);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
