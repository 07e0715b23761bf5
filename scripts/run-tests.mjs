#!/usr/bin/env node
// Runs every *.test.ts with node's own test runner (through tsx), because Node 20's
// `--test` cannot expand globs itself. Arguments narrow the run to files or folders:
//   node scripts/run-tests.mjs test/devnet devnet/market
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const roots = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith("-"));
const skip = new Set(["node_modules", "dist", ".git", "artifacts"]);

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith(".test.ts")) out.push(path);
    return out;
  }
  for (const name of readdirSync(path).sort()) {
    if (skip.has(name) || name.startsWith(".")) continue;
    collect(join(path, name), out);
  }
  return out;
}

const starts = roots.length > 0 ? roots : ["test", "machines", "services", "devnet", "src", "visualizations"];
const files = starts
  .map((p) => join(root, p))
  .flatMap((p) => {
    try {
      return collect(p, []);
    } catch {
      return [];
    }
  })
  .map((f) => relative(root, f));

if (files.length === 0) {
  console.error(`no test files under ${starts.join(", ")}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", ...passThrough, ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, YATSAPI_TEST: "1" } },
);
process.exit(result.status ?? 1);
