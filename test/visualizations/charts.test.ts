import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { renderStaticCharts, STATIC_CHARTS_DIR } from "../../visualizations/static-charts.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("the committed charts match the machines", async () => {
  const charts = await renderStaticCharts();
  assert.deepEqual([...charts.keys()].sort(), ["activity", "agreement", "computation", "payment", "task"]);
  for (const [name, svg] of charts) {
    const file = join(STATIC_CHARTS_DIR, `${name}.svg`);
    const path = join(root, file);
    assert.ok(existsSync(path), `${file} is missing: run \`npm run viz:export\``);
    assert.ok(
      readFileSync(path, "utf8") === svg,
      `${file} no longer matches its machine: run \`npm run viz:export\` and commit the result`,
    );
  }
});
