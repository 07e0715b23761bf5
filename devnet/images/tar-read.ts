import { chmod, mkdir, open, symlink } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { normalisedMode } from "./listing.js";

const BLOCK = 512;

/** Pulls exact byte counts out of a stream of chunks. */
class ByteReader {
  private buf = Buffer.alloc(0);
  total = 0;

  constructor(
    private readonly it: AsyncIterator<Uint8Array>,
    private readonly maxBytes: number,
  ) {}

  private async pull(): Promise<boolean> {
    const { value, done } = await this.it.next();
    if (done) return false;
    this.total += value.length;
    if (this.total > this.maxBytes) throw new Error(`image tar is larger than ${this.maxBytes} bytes`);
    this.buf = this.buf.length === 0 ? Buffer.from(value) : Buffer.concat([this.buf, value]);
    return true;
  }

  /** Exactly `n` bytes, or undefined when the stream ends first. */
  async read(n: number): Promise<Buffer | undefined> {
    while (this.buf.length < n) if (!(await this.pull())) return undefined;
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Between 1 and `n` bytes, whatever is at hand, to stream large files. */
  async some(n: number): Promise<Buffer> {
    if (this.buf.length === 0 && !(await this.pull()))
      throw new Error("image tar ends in the middle of a file");
    const out = this.buf.subarray(0, Math.min(n, this.buf.length));
    this.buf = this.buf.subarray(out.length);
    return out;
  }
}

function text(b: Buffer, start: number, len: number): string {
  const field = b.subarray(start, start + len);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? len : end).toString("utf8");
}

function octalField(b: Buffer, start: number, len: number): number {
  const raw = text(b, start, len).trim();
  if (raw === "") return 0;
  if (!/^[0-7]+$/.test(raw)) throw new Error(`image tar has a malformed number field '${raw}'`);
  return Number.parseInt(raw, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (let pos = 0; pos < data.length; ) {
    const space = data.indexOf(0x20, pos);
    const len = Number(data.subarray(pos, space).toString("ascii"));
    if (space === -1 || !Number.isInteger(len) || len <= 0 || pos + len > data.length) {
      throw new Error("image tar has a malformed pax header");
    }
    const record = data.subarray(space + 1, pos + len - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq === -1) throw new Error("image tar has a malformed pax header");
    out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** A relative path that stays inside the image, or an error. */
function safePath(raw: string): string {
  const path = raw.replace(/^\.\/+/, "").replace(/\/+$/, "");
  if (path.startsWith("/") || path.split("/").includes(".."))
    throw new Error(`image tar entry '${raw}' points outside the image`);
  return path;
}

/**
 * Unpacks a ustar/pax archive (as `writeTar` writes and GNU tar reads) into an empty
 * folder. Paths and link targets may not leave the folder; only files, folders and
 * symbolic links are accepted.
 *
 * @example
 * const res = await fetch(`${url}/v1/image/download?hash=${hash}`);
 * await extractTar(res.body!, tmpDir, { maxBytes: 1 << 30 });
 */
export async function extractTar(
  source: AsyncIterable<Uint8Array>,
  dest: string,
  opts: { maxBytes: number },
): Promise<void> {
  const reader = new ByteReader(source[Symbol.asyncIterator](), opts.maxBytes);
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  for (;;) {
    const h = await reader.read(BLOCK);
    if (!h) throw new Error("image tar ends without its end-of-archive blocks");
    if (h.every((byte) => byte === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== octalField(h, 148, 8)) throw new Error("image tar has a header with a bad checksum");
    const type = String.fromCharCode(h[156]!);
    const size = pax.size !== undefined ? Number(pax.size) : octalField(h, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0)
      throw new Error("image tar has an entry with an invalid size");
    if (type === "x" || type === "g" || type === "L") {
      const data = await reader.read(size + ((BLOCK - (size % BLOCK)) % BLOCK));
      if (!data) throw new Error("image tar ends in the middle of a header");
      if (type === "x") pax = parsePax(data.subarray(0, size));
      if (type === "L") longName = text(data, 0, size);
      continue;
    }
    const prefix = h.subarray(257, 262).toString("ascii") === "ustar" ? text(h, 345, 155) : "";
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    const target = pax.linkpath ?? text(h, 157, 100);
    const mode = octalField(h, 100, 8);
    pax = {};
    longName = undefined;
    const path = safePath(name);
    const to = join(dest, path);
    if (type === "5") {
      if (path !== "") await mkdir(to, { recursive: true, mode: 0o755 });
    } else if (type === "2") {
      const resolved = posix.normalize(posix.join(posix.dirname(path), target));
      if (target.startsWith("/") || resolved === ".." || resolved.startsWith("../")) {
        throw new Error(`image tar link '${path}' -> '${target}' points outside the image`);
      }
      await mkdir(dirname(to), { recursive: true });
      await symlink(target, to);
    } else if (type === "0" || type === "\0" || type === "7") {
      await mkdir(dirname(to), { recursive: true });
      const file = await open(to, "wx");
      try {
        for (let left = size; left > 0; ) {
          const piece = await reader.some(left);
          await file.write(piece);
          left -= piece.length;
        }
      } finally {
        await file.close();
      }
      await chmod(to, normalisedMode(mode));
      if (size % BLOCK !== 0 && !(await reader.read(BLOCK - (size % BLOCK)))) {
        throw new Error("image tar ends in the middle of a file");
      }
    } else {
      throw new Error(
        `image tar entry '${path}' has unsupported type '${type}' (only files, folders and links)`,
      );
    }
  }
}
