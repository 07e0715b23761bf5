// `npm start` runs `yatsapi demo`: a whole computation on an embedded devnet. This runs it
// small and checks the picture came back whole and every provider that worked was paid.
import assert from "node:assert/strict";
import { test } from "node:test";
import { main } from "../src/cli/index.js";

test("yatsapi demo renders every row on the devnet and reports payments", { timeout: 120_000 }, async () => {
  let out = "";
  let err = "";
  const code = await main(["demo", "--rows", "8", "--providers", "2", "--seed", "demo-test"], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  assert.equal(code, 0, err);
  const lines = out.split("\n");
  const picture = lines.slice(0, 8);
  assert.ok(picture.every((l) => l.length <= 72));
  assert.ok(
    picture.some((l) => l.includes("@")),
    `no set in the picture:\n${out}`,
  );
  assert.match(out, /computed in [\d.]+ s on [12] providers:/);
  const rows = [...out.matchAll(/^ {2}(\S+)\s+(\d+) rows {2}([\d.]+) tGLM paid$/gm)];
  assert.equal(
    rows.reduce((n, m) => n + Number(m[2]), 0),
    8,
    out,
  );
  for (const m of rows) if (Number(m[2]) > 0) assert.ok(Number(m[3]) > 0, `${m[1]} worked unpaid:\n${out}`);
  assert.match(out, /total\s+[\d.]+ tGLM paid/);
});

test("yatsapi demo refuses bad flags with exit code 2", async () => {
  let err = "";
  const code = await main(["demo", "--rows", "1"], {
    stdout: { write: () => true },
    stderr: { write: (t: string) => (err += t) },
  });
  assert.equal(code, 2);
  assert.match(err, /--rows must be a whole number from 2 to 200/);
});
