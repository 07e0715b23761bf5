// Helpers of the CLI tests that run `yatsapi` commands in-process against a devnet.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { main } from "../src/cli/index.js";

/** What one CLI run wrote and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `yatsapi <args>` through `main`, capturing its output, with `env` as the whole
 * environment (so that the tester's YAGNA_APPKEY or YAGNA_API_URL never leak in).
 *
 * @example
 * const r = await runCli(["demand", "list", "--url", devnet.url, "--app-key", devnet.appKey]);
 */
export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const out = { stdout: "", stderr: "" };
  const code = await main(args, {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env,
  });
  return { code, ...out };
}

/**
 * An http URL on 127.0.0.1 where nothing listens: a port taken from the OS, then closed.
 *
 * @example
 * const url = await closedPortUrl(); // "http://127.0.0.1:40123"
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return `http://127.0.0.1:${address.port}`;
}

/**
 * The cells of a table's lines (header first), split on the two-space column gaps.
 *
 * @example
 * const [header, ...rows] = tableCells(r.stdout);
 */
export function tableCells(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.includes("  "))
    .map((line) => line.trim().split(/ {2,}/));
}

/**
 * Checks that `value` starts, on its line, exactly below `header` in the table's header line
 * (left-aligned columns), which is what makes the table readable.
 *
 * @example
 * assertBelow(r.stdout, "PLATFORM", "erc20-holesky-tglm");
 */
export function assertBelow(text: string, header: string, value: string): void {
  const lines = text.split("\n");
  const head = lines[0] ?? "";
  const line = lines.find((l, i) => i > 0 && l.includes(value));
  assert.ok(line, `a row holds ${value}`);
  assert.equal(line.indexOf(value), head.indexOf(header), `${value} lines up under ${header}`);
}
