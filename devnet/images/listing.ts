import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";

/** One file, folder or symbolic link of an image, as hashed, copied and put in a tar. */
export interface ImageEntry {
  /** Path relative to the image root, with `/` separators and no leading `./`. */
  path: string;
  kind: "dir" | "file" | "symlink";
  /**
   * Permission bits as the image records them: files keep only the executable bit
   * (0o755 or 0o644, as git does), so a checkout under another umask hashes the same;
   * folders are 0o755 and links 0o777.
   */
  mode: number;
  /** Bytes of a file; 0 for folders and links. */
  size: number;
  /** Where a symbolic link points. */
  target?: string;
}

/**
 * A file's recorded mode: 0o755 when anyone may execute it, else 0o644.
 *
 * @example
 * normalisedMode(0o100775); // 0o755
 */
export function normalisedMode(rawMode: number): number {
  return rawMode & 0o111 ? 0o755 : 0o644;
}

/**
 * Lists an image folder, sorted by path, so that every consumer (hash, copy, tar) sees
 * the same order. Sockets, FIFOs and devices cannot be part of an image.
 *
 * @example
 * const entries = await listImage("./my-image");
 * entries.map((e) => e.path); // ["app", "app/main.js", "image.json"]
 */
export async function listImage(root: string): Promise<ImageEntry[]> {
  const top = await lstat(root);
  if (!top.isDirectory()) throw new Error(`${root} is not a folder`);
  const out: ImageEntry[] = [];
  async function walk(rel: string): Promise<void> {
    const names = await readdir(rel === "" ? root : join(root, rel));
    for (const name of names) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const abs = join(root, path);
      const st = await lstat(abs);
      if (st.isDirectory()) {
        out.push({ path, kind: "dir", mode: 0o755, size: 0 });
        await walk(path);
      } else if (st.isFile()) {
        out.push({ path, kind: "file", mode: normalisedMode(st.mode), size: st.size });
      } else if (st.isSymbolicLink()) {
        out.push({ path, kind: "symlink", mode: 0o777, size: 0, target: await readlink(abs) });
      } else {
        throw new Error(`${abs}: sockets, FIFOs and devices cannot be part of an image`);
      }
    }
  }
  await walk("");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The image's content hash: SHA3-224 (hex) over its canonical listing. Each entry adds
 * a JSON header line `[kind, mode, size, path, target]`, and a file adds its bytes
 * after it, so the same tree always gives the same hash whatever its timestamps,
 * owners or the order the file system lists it in, and any change of a path, mode,
 * link or byte gives another.
 *
 * @example
 * const hash = await hashImage("./my-image"); // 56 hex digits
 */
export async function hashImage(root: string, entries?: ImageEntry[]): Promise<string> {
  const hash = createHash("sha3-224");
  for (const e of entries ?? (await listImage(root))) {
    hash.update(`${JSON.stringify([e.kind, e.mode, e.size, e.path, e.target ?? null])}\n`);
    if (e.kind !== "file") continue;
    let read = 0;
    for await (const chunk of createReadStream(join(root, e.path))) {
      read += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    if (read !== e.size) throw new Error(`${join(root, e.path)} changed while it was being hashed`);
  }
  return hash.digest("hex");
}
