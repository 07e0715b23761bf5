/**
 * `npm run viz:export`: writes an SVG chart of every machine into visualizations/charts/,
 * laid out as the inspector's viewer lays them out. Run it after changing a machine; the
 * charts test fails until the committed files match.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderStaticCharts, STATIC_CHARTS_DIR } from "../visualizations/static-charts.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, STATIC_CHARTS_DIR);
await mkdir(dir, { recursive: true });
for (const [name, svg] of await renderStaticCharts()) {
  const file = join(dir, `${name}.svg`);
  await writeFile(file, svg);
  console.log(`wrote ${join(STATIC_CHARTS_DIR, `${name}.svg`)} (${svg.length} bytes)`);
}
