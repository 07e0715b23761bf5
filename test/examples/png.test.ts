import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { crc32 as nodeCrc32 } from "node:zlib";
import { parsePpm, paste, tileCommand, tileGrid } from "../../examples/fractal-tiles.js";
import { crc32, encodePng } from "../../examples/png.js";
import { readPng } from "./png-reader.js";

describe("the PNG encoder", () => {
  test("crc32 matches known values and node's zlib", () => {
    assert.equal(crc32(new TextEncoder().encode("IEND")), 0xae426082);
    assert.equal(crc32(new Uint8Array(0)), 0);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff);
    assert.equal(crc32(bytes), nodeCrc32(bytes));
  });

  test("a 3x2 picture round-trips: IHDR, CRCs, filter bytes and pixels", () => {
    const rgb = Uint8Array.from({ length: 18 }, (_, i) => i * 13);
    const png = readPng(encodePng(3, 2, rgb));
    assert.deepEqual(png.chunks, ["IHDR", "IDAT", "IEND"]);
    assert.equal(png.width, 3);
    assert.equal(png.height, 2);
    assert.equal(png.bitDepth, 8);
    assert.equal(png.colorType, 2);
    assert.equal(png.raw.length, 2 * (1 + 9));
    assert.deepEqual([...png.raw.subarray(1, 10)], [...rgb.subarray(0, 9)]);
    assert.equal(png.raw[10], 0);
    assert.deepEqual([...png.raw.subarray(11)], [...rgb.subarray(9)]);
  });

  test("refuses a size that does not match the pixels", () => {
    assert.throws(() => encodePng(2, 2, new Uint8Array(11)), /rgb holds 11 bytes, 2x2 RGB needs 12/);
    assert.throws(() => encodePng(0, 2, new Uint8Array(0)), /width and height must be whole numbers >= 1/);
  });
});

describe("the fractal's tiles", () => {
  test("the grid covers the picture exactly once", () => {
    const tiles = tileGrid(161, 120, 2, 3);
    assert.equal(tiles.length, 6);
    const covered = new Uint8Array(161 * 120);
    for (const t of tiles)
      for (let y = t.y; y < t.y + t.h; y++) for (let x = t.x; x < t.x + t.w; x++) covered[y * 161 + x]!++;
    assert.ok(covered.every((n) => n === 1));
    assert.throws(() => tileGrid(2, 2, 3, 1), /3x1 tiles do not fit a 2x2 picture/);
  });

  test("a plain PPM is read and pasted in place; malformed ones are refused", () => {
    const [, second] = tileGrid(2, 1, 2, 1);
    const canvas = new Uint8Array(6);
    paste(canvas, second!, parsePpm("P3\n1 1\n255\n7 8 9\n"));
    assert.deepEqual([...canvas], [0, 0, 0, 7, 8, 9]);
    assert.throws(() => parsePpm("P6\n1 1\n255\n"), /not a plain PPM/);
    assert.throws(() => parsePpm("P3\n1 1\n255\n1 2\n"), /needs 3 values, it has 2/);
    assert.throws(() => parsePpm("P3\n1 1\n255\n1 2 256\n"), /value #2 is not 0..255/);
    assert.throws(
      () => paste(canvas, second!, parsePpm("P3\n2 1\n255\n1 2 3 4 5 6\n")),
      /is 2x1, expected 1x1/,
    );
  });

  test("the tile command writes into the path it is given", () => {
    const cmd = tileCommand(tileGrid(4, 4, 1, 1)[0]!, "/golem/output/t.ppm");
    assert.match(cmd, /^awk -v X=0 -v Y=0 -v TW=4 -v TH=4 -v W=4 -v H=4 '/);
    assert.match(cmd, /> \/golem\/output\/t\.ppm$/);
  });
});
