/**
 * The fractal example's pieces that do not talk to providers: how the picture is cut into
 * tiles, the awk program a provider runs to render one tile of the Mandelbrot set as a
 * plain PPM (ASCII numbers, so every awk — busybox, mawk, gawk — writes the same bytes),
 * reading a tile back, and pasting tiles into the picture.
 */

/** One tile: its place in the grid and its pixels' rectangle in the whole picture. */
export interface Tile {
  col: number;
  row: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The whole picture's size, which fixes the view of every pixel. */
  width: number;
  height: number;
}

/**
 * Cuts a `width` x `height` picture into `cols` x `rows` tiles of near-equal size, row by row.
 *
 * @example
 * tileGrid(640, 480, 4, 3).length; // 12
 */
export function tileGrid(width: number, height: number, cols: number, rows: number): Tile[] {
  if (cols > width || rows > height)
    throw new RangeError(`${cols}x${rows} tiles do not fit a ${width}x${height} picture`);
  const tiles: Tile[] = [];
  for (let row = 0; row < rows; row++) {
    const y = Math.floor((row * height) / rows);
    const h = Math.floor(((row + 1) * height) / rows) - y;
    for (let col = 0; col < cols; col++) {
      const x = Math.floor((col * width) / cols);
      const w = Math.floor(((col + 1) * width) / cols) - x;
      tiles.push({ col, row, x, y, w, h, width, height });
    }
  }
  return tiles;
}

/** Iterations before a point counts as inside the set. */
export const MAX_ITER = 96;

/**
 * The shell command rendering `tile` into `path` as a plain PPM (P3): the view spans
 * x in [-2.2, 1.0] and y in [-1.2, 1.2] over the whole picture, the set is black, the
 * outside shaded by escape time with Bernstein polynomials (dark blue to orange).
 *
 * @example
 * ctx.run("/bin/sh", ["-c", tileCommand(tile, "/golem/output/tile.ppm")]);
 */
export function tileCommand(tile: Tile, path: string): string {
  const vars = Object.entries({ X: tile.x, Y: tile.y, TW: tile.w, TH: tile.h, W: tile.width, H: tile.height })
    .map(([k, v]) => `-v ${k}=${v}`)
    .join(" ");
  const program = [
    "BEGIN {",
    '  printf "P3\\n%d %d\\n255\\n", TW, TH',
    "  for (py = Y; py < Y + TH; py++) {",
    "    cy = 1.2 - 2.4 * (py + 0.5) / H",
    "    for (px = X; px < X + TW; px++) {",
    "      cx = -2.2 + 3.2 * (px + 0.5) / W; zx = 0; zy = 0; i = 0",
    `      while (zx * zx + zy * zy <= 4 && i < ${MAX_ITER}) { t = zx * zx - zy * zy + cx; zy = 2 * zx * zy + cy; zx = t; i++ }`,
    `      if (i >= ${MAX_ITER}) { print "0 0 0"; continue }`,
    `      t = sqrt(i / ${MAX_ITER}); u = 1 - t`,
    '      printf "%d %d %d\\n", 255 * 9 * u * t * t * t, 255 * 15 * u * u * t * t, 255 * 8.5 * u * u * u * t',
    "    }",
    "  }",
    "}",
  ].join("\n");
  return `awk ${vars} '${program}' > ${path}`;
}

/** A decoded picture: `rgb` holds width * height * 3 bytes, rows top to bottom. */
export interface Rgb {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/**
 * Reads a plain PPM (P3, maxval 255, no comments): what `tileCommand` writes.
 *
 * @example
 * parsePpm("P3\n1 1\n255\n255 0 0\n"); // { width: 1, height: 1, rgb: Uint8Array [255, 0, 0] }
 */
export function parsePpm(text: string): Rgb {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const [magic, w, h, max] = words;
  const width = Number(w);
  const height = Number(h);
  if (magic !== "P3" || !Number.isInteger(width) || !Number.isInteger(height) || max !== "255")
    throw new Error(`not a plain PPM with maxval 255 (starts ${JSON.stringify(text.slice(0, 20))})`);
  const values = words.slice(4);
  if (values.length !== width * height * 3)
    throw new Error(`a ${width}x${height} PPM needs ${width * height * 3} values, it has ${values.length}`);
  const rgb = new Uint8Array(values.length);
  values.forEach((v, i) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`PPM value #${i} is not 0..255: ${v}`);
    rgb[i] = n;
  });
  return { width, height, rgb };
}

/**
 * Copies `image` (the size of `tile`) into `canvas`, an RGB picture of the whole size.
 *
 * @example
 * paste(canvas, tile, parsePpm(readFileSync(file, "utf8")));
 */
export function paste(canvas: Uint8Array, tile: Tile, image: Rgb): void {
  if (image.width !== tile.w || image.height !== tile.h)
    throw new Error(
      `tile ${tile.col},${tile.row} is ${image.width}x${image.height}, expected ${tile.w}x${tile.h}`,
    );
  for (let r = 0; r < tile.h; r++) {
    const from = r * tile.w * 3;
    canvas.set(image.rgb.subarray(from, from + tile.w * 3), ((tile.y + r) * tile.width + tile.x) * 3);
  }
}
