// Keeps the benchmark harness from rotting: `npm run bench -- --quick` runs to the end in a
// child process, and the JSON file it writes holds a finite number for every figure of
// every scenario and driver (their values are the benchmark's business, not the test's).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { test } from "node:test";

const root = new URL("../..", import.meta.url).pathname;

interface ScenarioJson {
  name: string;
  rows: { driver: string; values: Record<string, unknown> }[];
  targets: { target: string; measured: string; pass: unknown }[];
}

/** Runs the quick bench; resolves with its exit code and stdout. */
function runQuickBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", "bench/index.ts", "--quick"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr = (stderr + String(d)).slice(-8000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Which drivers each scenario must report (the rows' names start with them). */
const EXPECTED: Record<string, string[]> = {
  throughput: ["yatsapi", "golem-js", "baseline"],
  "requestor CPU and memory per 1000 tasks": ["yatsapi", "golem-js", "baseline"],
  latency: ["yatsapi", "golem-js", "baseline"],
  idle: ["yatsapi", "golem-js", "baseline"],
  "scale: queued tasks": ["yatsapi"],
  "scale: first agreement among many offers": ["yatsapi", "baseline"],
  growth: ["yatsapi @", "golem-js @", "baseline @"],
  inspector: ["yatsapi, inspect off", "yatsapi, inspect on"],
};

test("npm run bench -- --quick completes and reports finite numbers for every scenario and driver", {
  timeout: 300_000,
}, async () => {
  const { code, stdout, stderr } = await runQuickBench();
  const written = /written: (\S+\.json), (\S+\.svg)/.exec(stdout);
  try {
    assert.equal(code, 0, `the quick bench exited ${code}\n${stdout.slice(-3000)}\n${stderr}`);
    assert.ok(written, `no "written:" line in\n${stdout.slice(-3000)}`);
    assert.match(readFileSync(written[2]!, "utf8"), /^<svg [^>]*>[\s\S]*<polyline [\s\S]*<\/svg>\n$/);
    const data = JSON.parse(readFileSync(written[1]!, "utf8")) as {
      quick: boolean;
      micro: Record<string, Record<string, unknown>>;
      scenarios: Record<string, ScenarioJson>;
      targets: ScenarioJson["targets"];
    };
    assert.equal(data.quick, true);
    assert.deepEqual(Object.keys(data.scenarios).sort(), Object.keys(EXPECTED).sort());
    for (const [name, drivers] of Object.entries(EXPECTED)) {
      const rows = data.scenarios[name]!.rows;
      for (const driver of drivers) {
        assert.ok(
          rows.some((r) => r.driver.startsWith(driver)),
          `${name}: no row for ${driver} in ${rows.map((r) => r.driver).join(", ")}`,
        );
      }
      for (const row of rows) {
        assert.ok(Object.keys(row.values).length > 0, `${name} / ${row.driver}: no figures`);
        for (const [key, value] of Object.entries(row.values)) {
          assert.ok(
            typeof value === "number" && Number.isFinite(value),
            `${name} / ${row.driver} / ${key}: ${value}`,
          );
        }
      }
    }
    for (const key of ["scoreMsFor10kOffers", "meRequestsPerSecond", "idleCpuMs", "execRestCalls"]) {
      const value = data.micro.sdk?.[key] ?? data.micro.services?.[key];
      assert.ok(typeof value === "number" && Number.isFinite(value), `micro ${key}: ${value}`);
    }
    assert.ok(data.targets.length >= 7, `${data.targets.length} targets`);
    for (const t of data.targets) assert.equal(typeof t.pass, "boolean", t.target);
  } finally {
    // The smoke run's files are not a benchmark result: leave bench/results/ as it was.
    if (written) for (const file of written.slice(1)) rmSync(file!, { force: true });
  }
});
