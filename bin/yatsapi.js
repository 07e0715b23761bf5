#!/usr/bin/env node
// The `yatsapi` command. In a checkout (src/ present, tsx installed) it runs the
// TypeScript sources, so it never runs a stale build; an installed package, which
// ships only dist/, runs the compiled CLI.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/index.ts", import.meta.url);
const dist = new URL("../dist/src/cli/index.js", import.meta.url);

async function loadSource() {
  if (!existsSync(source)) return undefined;
  try {
    const { register } = await import("tsx/esm/api");
    register();
  } catch {
    return undefined;
  }
  return import(source.href);
}

const cli = (await loadSource()) ?? (existsSync(dist) ? await import(dist.href) : undefined);
if (!cli) {
  process.stderr.write("yatsapi: the compiled CLI (dist/) is missing: run `npm run build` first\n");
  process.exit(1);
}
cli.runCli();
