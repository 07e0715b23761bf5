// The layering the design promises, checked on the sources: services/ is the only code
// that talks to yagna and depends on nothing else of ours; machines/ are pure.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = new URL("..", import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) out.push(p);
    }
  };
  walk(join(root, dir));
  return out;
}

/** `[file, specifier]` for every import or export-from that is not type-only. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)) {
    if (!m[2]) found.push(m[3]!);
  }
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]!);
  return found;
}

test("services/ imports nothing from machines/, src/ or devnet/", () => {
  for (const file of sources("services")) {
    for (const spec of valueImports(file)) {
      assert.doesNotMatch(spec, /(^|\/)(machines|src|devnet)\//, `${relative(root, file)} imports ${spec}`);
    }
  }
});

test("machines/ do no I/O: only xstate and each other", () => {
  for (const file of sources("machines")) {
    for (const spec of valueImports(file)) {
      const ok =
        spec === "xstate" ||
        spec === "decimal.js" ||
        (/^\.\.?\//.test(spec) && !/(services|devnet|src)\//.test(spec));
      assert.ok(ok, `${relative(root, file)} imports ${spec}`);
    }
  }
});
