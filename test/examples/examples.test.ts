// The examples through `yatsapi run`: hello and files on the embedded devnet `run` starts,
// and the flagship (what `npm start` runs) against a devnet this test holds, so that its
// picture and its summary can be checked against the daemon's own invoices.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { startDevnet } from "../../devnet/index.js";
import { getVersion } from "../../src/index.js";
import { runCli } from "../cli-helpers.js";
import { assertSettled, daemonGet } from "../executor/helpers.js";
import { readPng } from "./png-reader.js";

const root = new URL("../..", import.meta.url).pathname;
const bin = join(root, "bin");
const path = process.env.PATH ?? "";
// Without YAGNA_APPKEY: `run` starts an embedded devnet and puts bin/ on the child's PATH itself.
const bare = { PATH: path };

describe("yatsapi run", () => {
  test("hello echoes on the embedded devnet", { timeout: 60_000 }, async () => {
    const r = await runCli(
      ["run", "--seed", "hello-test", "--providers", "2", join(root, "examples/hello.ts")],
      bare,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /embedded devnet at http:\/\/127\.0\.0\.1:\d+ with 2 providers/);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    assert.equal(getVersion(), pkg.version);
    assert.match(r.stdout, new RegExp(`^yatsapi ${pkg.version.replaceAll(".", "\\.")}\n`));
    for (const name of ["world", "golem", "yatsapi"])
      assert.match(r.stdout, new RegExp(`^hello, ${name} \\(\\S+\\)$`, "m"));
  });

  test("files go out and come back transformed", { timeout: 60_000 }, async () => {
    const r = await runCli(["run", "--seed", "files-test", join(root, "examples/files.ts")], bare);
    assert.equal(r.code, 0, r.stderr);
    assert.equal([...r.stdout.matchAll(/^file \d: ok, \d+ bytes sent, \d+ received$/gm)].length, 3, r.stdout);
    assert.match(r.stdout, /all 3 files went out and came back transformed/);
  });

  test("names a missing script, wants one, and passes the script's exit code", async () => {
    const missing = await runCli(["run", "examples/nope.ts"], bare);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /no script file at \S*examples\/nope\.ts: give the path of a \.ts or \.js file/,
    );
    const help = await runCli(["run", "--help"], bare);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: yatsapi run .*<script>/);
    const none = await runCli(["run"], bare);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing the script to run/);
    const dir = mkdtempSync(join(tmpdir(), "yatsapi-run-"));
    try {
      const script = join(dir, "fail.mjs");
      writeFileSync(script, "console.log(process.argv.slice(2).join(',')); process.exitCode = 3;\n");
      const r = await runCli(["run", script, "--", "a", "--b"], {
        ...bare,
        YAGNA_APPKEY: "k",
        YAGNA_API_URL: "http://127.0.0.1:9",
      });
      assert.equal(r.code, 3);
      assert.equal(r.stdout, "a,--b\n");
      assert.doesNotMatch(r.stderr, /embedded devnet/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the flagship renders a valid PNG and its summary matches the devnet's invoices", {
    timeout: 120_000,
  }, async () => {
    const devnet = await startDevnet({ port: 0, seed: "fractal-test", providerCount: 3 });
    const dir = mkdtempSync(join(tmpdir(), "yatsapi-fractal-test-"));
    try {
      const out = join(dir, "small.png");
      const env = {
        PATH: `${bin}${delimiter}${path}`,
        YAGNA_APPKEY: devnet.appKey,
        YAGNA_API_URL: devnet.url,
        GOLEM_REGISTRY_URL: devnet.url,
      };
      const r = await runCli(
        ["run", join(root, "examples/fractal.ts"), "--", "--size", "160x120", "--tiles", "2x2", "--out", out],
        env,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `wrote ${out} (160x120, 4 tiles)\n`);
      assert.ok(existsSync(out));
      const png = readPng(readFileSync(out));
      assert.equal(png.width, 160);
      assert.equal(png.height, 120);
      assert.equal(png.raw.length, 120 * (1 + 160 * 3));
      // Both the set (black) and its outside (coloured) are in the picture.
      const pixels = new Set<string>();
      for (let y = 0; y < 120; y++)
        for (let x = 0; x < 160; x++) {
          const at = y * 481 + 1 + x * 3;
          pixels.add(png.raw.subarray(at, at + 3).join(","));
        }
      assert.ok(pixels.has("0,0,0") && pixels.size > 10, `${pixels.size} colours`);

      const totalRow = /\] Total\s+(\d+)\s+(\d+)\s+([\d.]+)$/m.exec(r.stderr);
      assert.ok(totalRow, r.stderr);
      assert.equal(Number(totalRow[1]), 4, "the summary counts every task");
      const totalCost = /\] Total cost: ([\d.]+)$/m.exec(r.stderr);
      assert.ok(totalCost, r.stderr);
      const invoices = await daemonGet<{ status: string; amount: string }[]>(
        devnet,
        "/payment-api/v1/invoices",
      );
      assert.ok(invoices.length > 0);
      const accepted = invoices
        .filter((i) => i.status === "ACCEPTED" || i.status === "SETTLED")
        .reduce((sum, i) => sum.plus(i.amount), new Decimal(0));
      assert.equal(totalCost[1], accepted.toFixed());
      assert.equal(totalRow[3], accepted.toFixed());
      await assertSettled(devnet);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await devnet.stop();
    }
  });
});
