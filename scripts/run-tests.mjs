#!/usr/bin/env node
// Runs every *.test.ts with node's own test runner (through tsx), because Node 20's
// `--test` cannot expand globs itself. Arguments narrow the run to files or folders:
//   node scripts/run-tests.mjs test/devnet devnet/market
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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

const coverageDir = join(root, "test/artifacts/transition-coverage");
rmSync(coverageDir, { recursive: true, force: true });

const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", ...passThrough, ...files],
  { cwd: root, stdio: "inherit", env: { ...process.env, YATSAPI_TEST: "1" } },
);
printCoverage();
process.exit(result.status ?? 1);

// Merges what test/machines/coverage.ts recorded in each test process and prints, per
// machine, how many of its states and declared transitions the tests went through.
function printCoverage() {
  if (!existsSync(coverageDir)) return;
  const merged = new Map();
  for (const name of readdirSync(coverageDir)) {
    const r = JSON.parse(readFileSync(join(coverageDir, name), "utf8"));
    const m = merged.get(r.machine) ?? {
      states: r.states,
      transitions: r.transitions,
      cs: new Set(),
      ct: new Set(),
    };
    for (const x of r.coveredStates) m.cs.add(x);
    for (const x of r.coveredTransitions) m.ct.add(x);
    merged.set(r.machine, m);
  }
  if (merged.size === 0) return;
  console.log("\ntransition coverage of the machines (every test that ran them):");
  for (const [machine, m] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
    const missingStates = m.states.filter((x) => !m.cs.has(x));
    const missing = m.transitions.filter((x) => !m.ct.has(x));
    const states = `${m.states.length - missingStates.length}/${m.states.length} states`;
    const transitions = `${m.transitions.length - missing.length}/${m.transitions.length} transitions`;
    console.log(`  ${machine.padEnd(14)} ${states.padEnd(14)} ${transitions}`);
    for (const x of missingStates) console.log(`    state not entered: ${x}`);
    for (const x of missing) console.log(`    transition not taken: ${x}`);
  }
}
