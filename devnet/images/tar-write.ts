import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { ImageEntry } from "./listing.js";

const BLOCK = 512;
/** Largest size an 11-digit octal field holds. */
const MAX_SIZE = 0o77777777777;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** One ustar header block. Timestamps and owners are fixed, so a tree always gives the same tar. */
function header(
  name: string,
  prefix: string,
  e: { kind: string; mode: number; size: number; linkname: string },
): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(name, 0, 100, "utf8");
  b.write(octal(e.mode, 8), 100, "ascii");
  b.write(octal(0, 8), 108, "ascii");
  b.write(octal(0, 8), 116, "ascii");
  b.write(octal(e.size, 12), 124, "ascii");
  b.write(octal(0, 12), 136, "ascii");
  b.write(" ".repeat(8), 148, "ascii");
  b.write(e.kind, 156, "ascii");
  b.write(e.linkname, 157, 100, "utf8");
  b.write("ustar\0", 257, "ascii");
  b.write("00", 263, "ascii");
  b.write("root", 265, "ascii");
  b.write("root", 297, "ascii");
  b.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return b;
}

/** Splits a long path into ustar's prefix and name fields, if it fits them. */
function splitPath(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: "" };
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== "")
      return { name, prefix };
  }
  return undefined;
}

/** A pax record `"<len> key=value\n"`, whose length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body);
  while (`${len}${body}`.length !== len) len = Buffer.byteLength(`${len}${body}`);
  return `${len}${body}`;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/**
 * The header blocks of one entry: a ustar header, preceded by a pax extended header
 * when the path or link target is too long for ustar's fields.
 */
function entryHeaders(e: ImageEntry): Buffer {
  if (e.size > MAX_SIZE) throw new Error(`${e.path}: files over 8 GiB cannot be put in an image tar`);
  const path = e.kind === "dir" ? `${e.path}/` : e.path;
  const kind = e.kind === "dir" ? "5" : e.kind === "symlink" ? "2" : "0";
  const target = e.target ?? "";
  const split = splitPath(path);
  const longLink = Buffer.byteLength(target) > 100;
  const fields = { kind, mode: e.mode, size: e.size, linkname: longLink ? "" : target };
  if (split && !longLink) return header(split.name, split.prefix, fields);
  const pax = Buffer.from(
    (split ? "" : paxRecord("path", path)) + (longLink ? paxRecord("linkpath", target) : ""),
  );
  const short = split ?? { name: path.slice(0, 99), prefix: "" };
  return Buffer.concat([
    header(`PaxHeader/${short.name}`.slice(0, 99), "", {
      kind: "x",
      mode: 0o644,
      size: pax.length,
      linkname: "",
    }),
    pax,
    Buffer.alloc(padding(pax.length)),
    header(short.name, short.prefix, fields),
  ]);
}

/**
 * The exact byte size of the tar `writeTar` produces, for `Content-Length` and the
 * registry's `size` field.
 *
 * @example
 * tarSize(await listImage(dir)); // e.g. 3072
 */
export function tarSize(entries: ImageEntry[]): number {
  let total = 2 * BLOCK;
  for (const e of entries) total += entryHeaders(e).length + e.size + padding(e.size);
  return total;
}

/** Something to write a tar to: a socket, a response, a file stream. */
export interface TarSink {
  write(chunk: Buffer): boolean;
  once(event: "drain", listener: () => void): unknown;
  readonly destroyed: boolean;
}

async function put(out: TarSink, chunk: Buffer): Promise<void> {
  if (out.destroyed) throw new Error("tar output closed");
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
}

/**
 * Streams an image folder as a ustar archive, entries in listing order. Stops early,
 * without error, if the output is destroyed (the client went away).
 *
 * @example
 * await writeTar(dir, await listImage(dir), res);
 * res.end();
 */
export async function writeTar(root: string, entries: ImageEntry[], out: TarSink): Promise<void> {
  try {
    for (const e of entries) {
      await put(out, entryHeaders(e));
      if (e.kind !== "file" || e.size === 0) continue;
      let sent = 0;
      for await (const chunk of createReadStream(join(root, e.path), { end: e.size - 1 })) {
        const piece = (chunk as Buffer).subarray(0, e.size - sent);
        sent += piece.length;
        if (piece.length > 0) await put(out, piece);
      }
      // A file that shrank since it was listed still gets its announced size.
      if (sent < e.size) await put(out, Buffer.alloc(e.size - sent));
      if (padding(e.size) > 0) await put(out, Buffer.alloc(padding(e.size)));
    }
    await put(out, Buffer.alloc(2 * BLOCK));
  } catch (err) {
    if (!out.destroyed) throw err;
  }
}
