/**
 * A strict PNG reader for tests, independent of the encoder: it checks the signature and
 * every chunk's CRC with node's own `zlib.crc32`, reads IHDR, and inflates the IDAT data.
 */
import assert from "node:assert/strict";
import { crc32, inflateSync } from "node:zlib";

/** What `readPng` found. */
export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  chunks: string[];
  /** The inflated scanlines (a filter byte before each row). */
  raw: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Parses and checks a PNG file's bytes; fails an assertion on anything malformed.
 *
 * @example
 * const png = readPng(readFileSync("fractal.png"));
 * assert.equal(png.width, 640);
 */
export function readPng(file: Buffer): PngInfo {
  assert.ok(file.subarray(0, 8).equals(SIGNATURE), "PNG signature");
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let at = 8;
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString("latin1", at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    const crc = file.readUInt32BE(at + 8 + length);
    assert.equal(crc, crc32(file.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    chunks.push(type);
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    at += 12 + length;
  }
  assert.equal(at, file.length, "chunks end at the end of the file");
  assert.equal(chunks[0], "IHDR");
  assert.equal(chunks.at(-1), "IEND");
  assert.ok(header && header.length === 13, "IHDR holds 13 bytes");
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    bitDepth: header[8]!,
    colorType: header[9]!,
    chunks,
    raw: inflateSync(Buffer.concat(idat)),
  };
}
