import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, open, stat } from "node:fs/promises";
import { dirname, isAbsolute } from "node:path";
import type { Rng } from "../rng.js";

/** `gftp://<node id>/<file id>`: a published file's sha3-256, or a receive's random name. */
const GFTP_URL = /^gftp:\/\/(0x[0-9a-fA-F]{40})\/([A-Za-z0-9]+)$/;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A file a gftp server published, or a path it waits to receive, and which servers hold it. */
interface Entry {
  url: string;
  path: string;
  /** Sessions (gftp server processes) that registered the URL; it lives until all close it. */
  owners: Set<string>;
}

/**
 * The key of a gftp URL (node id lowercased), or undefined if it is not one.
 *
 * @example
 * gftpKey("gftp://0xAB.../5f3e"); // "0xab.../5f3e"
 */
export function gftpKey(url: string): string | undefined {
  const m = GFTP_URL.exec(url);
  return m ? `${m[1]!.toLowerCase()}/${m[2]}` : undefined;
}

/**
 * sha3-256 (hex) of a file's bytes: the id gftp gives a published file, so the same
 * content always has the same URL.
 *
 * @example
 * await sha3File("/tmp/input.txt"); // 64 hex digits
 */
export async function sha3File(path: string): Promise<string> {
  const hash = createHash("sha3-256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Why a gftp operation failed, worded for the requestor who asked: "unknown" URLs
 * become 404s, anything else 400s.
 *
 * @example
 * throw new GftpError(`Can't open file ${path}: not a regular file`);
 */
export class GftpError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid" | "unknown" = "invalid",
  ) {
    super(message);
  }
}

function absolute(path: unknown, what: string): string {
  if (typeof path !== "string" || path === "") throw new GftpError(`${what} must be a non-empty path`);
  if (!isAbsolute(path))
    throw new GftpError(`${what} '${path}' must be an absolute path (the devnet runs in another folder)`);
  return path;
}

/**
 * What the requestor's gftp servers have registered with the devnet: published files
 * (providers read them in `transfer` from `gftp://` URLs) and awaited files (providers
 * write them). The devnet and the requestor share the machine, so a URL maps to a
 * local path.
 *
 * @example
 * const files = new GftpFiles(() => identity, rng);
 * const { url } = await files.publish("/tmp/in.txt", "session-1");
 * files.source(url); // "/tmp/in.txt"
 */
export class GftpFiles {
  private readonly published = new Map<string, Entry>();
  private readonly awaited = new Map<string, Entry & { received: boolean }>();

  constructor(
    private readonly nodeId: () => string,
    private readonly rng: Rng,
  ) {}

  /** Registers a file for download; the URL is `gftp://<requestor>/<sha3-256 of its content>`. */
  async publish(rawPath: unknown, session: string): Promise<{ file: string; url: string }> {
    const path = absolute(rawPath, "file");
    let hash: string;
    try {
      if (!(await stat(path)).isFile()) throw new Error("not a regular file");
      hash = await sha3File(path);
    } catch (err) {
      throw new GftpError(`Can't open file ${path}: ${(err as Error).message}`);
    }
    const url = `gftp://${this.nodeId()}/${hash}`;
    const key = gftpKey(url)!;
    const entry = this.published.get(key) ?? { url, path, owners: new Set<string>() };
    // Same content, same URL: the newest path serves it, as each serves the same bytes.
    entry.path = path;
    entry.owners.add(session);
    this.published.set(key, entry);
    return { file: path, url };
  }

  /** Creates (truncates) the output file, as gftp does, and returns a fresh random URL for it. */
  async receive(rawPath: unknown, session: string): Promise<{ file: string; url: string }> {
    const path = absolute(rawPath, "output_file");
    try {
      await mkdir(dirname(path), { recursive: true });
      await (await open(path, "w")).close();
    } catch (err) {
      throw new GftpError(`Can't create destination file [${path}]: ${(err as Error).message}`);
    }
    let id = "";
    for (let i = 0; i < 65; i++) id += ALNUM[this.rng.int(0, ALNUM.length - 1)];
    const url = `gftp://${this.nodeId()}/${id}`;
    this.awaited.set(gftpKey(url)!, { url, path, owners: new Set([session]), received: false });
    return { file: path, url };
  }

  /** Stops serving URLs for a session: true per URL it held, false for unknown ones. */
  close(urls: unknown, session: string): boolean[] {
    if (!Array.isArray(urls) || urls.length === 0)
      throw new GftpError("urls must be a non-empty array of gftp URLs");
    return urls.map((url) => {
      const key = typeof url === "string" ? gftpKey(url) : undefined;
      if (key === undefined)
        throw new GftpError(`Invalid gftp URL ${JSON.stringify(url)}: expected gftp://<node id>/<id>`);
      for (const map of [this.published, this.awaited] as Map<string, Entry>[]) {
        const entry = map.get(key);
        if (!entry?.owners.delete(session)) continue;
        if (entry.owners.size === 0) map.delete(key);
        return true;
      }
      return false;
    });
  }

  /** Drops every URL a session holds (its gftp server went away). */
  closeSession(session: string): number {
    let closed = 0;
    for (const map of [this.published, this.awaited] as Map<string, Entry>[]) {
      for (const [key, entry] of map) {
        if (!entry.owners.delete(session)) continue;
        closed++;
        if (entry.owners.size === 0) map.delete(key);
      }
    }
    return closed;
  }

  /** gftp's `download`: copies a published file to a local path. */
  async download(url: unknown, rawPath: unknown): Promise<{ file: string; url: string }> {
    const path = absolute(rawPath, "output_file");
    const from = typeof url === "string" ? this.source(url) : undefined;
    if (from === undefined)
      throw new GftpError(`gftp URL ${JSON.stringify(url)} is not published on this devnet`, "unknown");
    await this.copy(from, path);
    return { file: path, url: url as string };
  }

  /** gftp's `upload`: copies a local file to a URL awaiting it, and marks it received. */
  async upload(rawPath: unknown, url: unknown): Promise<{ file: string; url: string }> {
    const path = absolute(rawPath, "file");
    const to = typeof url === "string" ? this.destination(url) : undefined;
    if (to === undefined)
      throw new GftpError(`gftp URL ${JSON.stringify(url)} is not awaiting a file on this devnet`, "unknown");
    await this.copy(path, to);
    this.received(url as string);
    return { file: path, url: url as string };
  }

  private async copy(from: string, to: string): Promise<void> {
    try {
      await mkdir(dirname(to), { recursive: true });
      await copyFile(from, to);
    } catch (err) {
      throw new GftpError(`Can't copy ${from} to ${to}: ${(err as Error).message}`);
    }
  }

  source(url: string): string | undefined {
    const key = gftpKey(url);
    return key === undefined ? undefined : this.published.get(key)?.path;
  }

  destination(url: string): string | undefined {
    const key = gftpKey(url);
    return key === undefined ? undefined : this.awaited.get(key)?.path;
  }

  received(url: string): void {
    const key = gftpKey(url);
    const entry = key === undefined ? undefined : this.awaited.get(key);
    if (entry) entry.received = true;
  }

  /** What is registered now, for `GET /devnet-api/v1/gftp`. */
  list(): {
    published: { url: string; file: string }[];
    awaited: { url: string; file: string; received: boolean }[];
  } {
    return {
      published: [...this.published.values()].map((e) => ({ url: e.url, file: e.path })),
      awaited: [...this.awaited.values()].map((e) => ({ url: e.url, file: e.path, received: e.received })),
    };
  }
}
