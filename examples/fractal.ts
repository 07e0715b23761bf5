/**
 * The flagship: the Mandelbrot set rendered in tiles across providers. Each task runs a
 * small awk program on a provider that writes its tile to `/golem/output`, downloads it,
 * and pastes it into the picture, which is written as one PNG. A progress bar and the
 * summary (per-provider tasks and cost) go to stderr.
 *
 *   npx yatsapi run examples/fractal.ts -- [--size 640x480] [--tiles 4x3] [--out fractal.png] [--quiet]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  Executor,
  enableDefaultLogger,
  logSummary,
  ProgressBar,
  repo,
  Task,
  type WorkerFunction,
} from "../src/index.js";
import { parsePpm, paste, type Tile, tileCommand, tileGrid } from "./fractal-tiles.js";
import { encodePng } from "./png.js";
import { parseSize, runOnDevnetOrYagna } from "./utils.js";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "640x480" },
    tiles: { type: "string", default: "4x3" },
    out: { type: "string", default: "fractal.png" },
    quiet: { type: "boolean", default: false },
  },
});

await runOnDevnetOrYagna(async ({ url, appKey, repoUrl }) => {
  const { w: width, h: height } = parseSize(values.size, "--size", 4096);
  const { w: cols, h: rows } = parseSize(values.tiles, "--tiles", 32);
  const out = resolve(values.out);
  const tiles = tileGrid(width, height, cols, rows);
  const canvas = new Uint8Array(width * height * 3);
  const dir = await mkdtemp(join(tmpdir(), "yatsapi-fractal-"));

  enableDefaultLogger();
  const bar = new ProgressBar({ total: tiles.length, quiet: values.quiet, wrapped: logSummary() });
  const worker: WorkerFunction<Tile, string> = async function* (ctx, tasks) {
    for await (const task of tasks) {
      const tile = task.data;
      const local = join(dir, `tile-${tile.col}-${tile.row}.ppm`);
      ctx.run("/bin/sh", ["-c", tileCommand(tile, "/golem/output/tile.ppm")]);
      ctx.downloadFile("/golem/output/tile.ppm", local);
      yield ctx.commit({ timeoutMs: 120_000 });
      try {
        paste(canvas, tile, parsePpm(await readFile(local, "utf8")));
        task.acceptResult(ctx.providerName);
      } catch (error) {
        task.rejectResult(`bad tile from ${ctx.providerName}: ${(error as Error).message}`, true);
      }
    }
  };
  try {
    await using executor = new Executor({
      package: repo({ imageTag: "golem/alpine:latest", repoUrl }),
      budget: "1.0",
      subnetTag: "public",
      apiConfig: { url, appKey },
      eventConsumer: bar.log,
    });
    let done = 0;
    for await (const _ of executor.submit(
      worker,
      tiles.map((t) => new Task<Tile, string>(t)),
    ))
      done++;
    if (done !== tiles.length) throw new Error(`only ${done} of ${tiles.length} tiles were rendered`);
  } finally {
    bar.finish();
    await rm(dir, { recursive: true, force: true });
  }
  await writeFile(out, encodePng(width, height, canvas));
  console.log(`wrote ${out} (${width}x${height}, ${tiles.length} tiles)`);
});
