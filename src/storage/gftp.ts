/**
 * yapapi's gftp storage provider. A `gftp server` process (yagna's binary, or yatsapi's own
 * `bin/gftp` against the devnet) is spawned on first use and spoken to in JSON-RPC over its
 * stdio: files are published to gftp URLs providers download from, and providers upload
 * results to URLs gftp receives on.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import { FileDestination } from "./file-destination.js";
import { resolveGftpCommand } from "./gftp-command.js";
import type { Destination, Source, StorageProvider } from "./types.js";

/** Options of `GftpStorage`. */
export interface GftpStorageOptions {
  /**
   * The command to run. Default: `gftp server` from PATH; without gftp there, yatsapi's
   * `bin/gftp` when YAGNA_API_URL is the devnet (see `resolveGftpCommand`).
   */
  command?: readonly string[];
  /** Environment of the process (PATH, YAGNA_API_URL and YAGNA_APPKEY); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A storage provider over a spawned `gftp server`. Each content is published once (by
 * sha256), every URL it registered is closed by `close()`, and its temp files are removed.
 *
 * @example
 * const storage = new GftpStorage({ env: { ...process.env, YAGNA_APPKEY: key } });
 * const source = await storage.uploadBytes(new TextEncoder().encode('{"frame": 1}'));
 * const dst = await storage.newDestination();
 * // ...a batch transfers source.downloadUrl in and a result out to dst.uploadUrl...
 * const result = await dst.downloadBytes(1 << 20);
 * await storage.close();
 */
export class GftpStorage implements StorageProvider {
  readonly #command: readonly string[] | undefined;
  readonly #env: NodeJS.ProcessEnv;
  #started: Promise<ChildProcessWithoutNullStreams> | undefined;
  #process: ChildProcessWithoutNullStreams | undefined;
  #failure: Error | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  #tempDir: Promise<string> | undefined;
  /** Published sources by sha256 of the content: the same bytes are published once. */
  readonly #byHash = new Map<string, Promise<Source>>();
  /** Every URL registered (published or awaited), closed at the end. */
  readonly #urls = new Set<string>();

  constructor(opts: GftpStorageOptions = {}) {
    this.#command = opts.command;
    this.#env = opts.env ?? process.env;
  }

  async uploadBytes(data: Uint8Array): Promise<Source> {
    return this.uploadStream([data]);
  }

  async uploadFile(path: string): Promise<Source> {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return this.#publishOnce(hash.digest("hex"), async () => path);
  }

  async uploadStream(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Source> {
    // Written to a temp file while hashed: gftp publishes files, not streams.
    const file = join(await this.#temp(), `upload-${randomUUID()}`);
    const hash = createHash("sha256");
    const out = createWriteStream(file);
    for await (const chunk of stream) {
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((done) => out.once("drain", () => done()));
    }
    out.end();
    await finished(out);
    const digest = hash.digest("hex");
    const known = this.#byHash.get(digest);
    if (known) {
      await rm(file, { force: true });
      return known;
    }
    return this.#publishOnce(digest, async () => file);
  }

  async newDestination(destinationFile?: string): Promise<Destination> {
    // As yapapi: an existing file is not overwritten by the upload, only by downloadFile.
    const file =
      destinationFile === undefined || existsSync(destinationFile)
        ? join(await this.#temp(), `download-${randomUUID()}`)
        : resolve(destinationFile);
    const { url } = (await this.#call("receive", { output_file: file })) as { url?: unknown };
    if (typeof url !== "string") throw new Error(`gftp receive for ${file} gave no URL`);
    this.#urls.add(url);
    return new FileDestination(url, file);
  }

  async close(): Promise<void> {
    const child = this.#process;
    if (child && child.exitCode === null) {
      // Best effort: the URLs also die with the process below.
      if (this.#urls.size > 0) await this.#call("close", { urls: [...this.#urls] }).catch(() => undefined);
      this.#urls.clear();
      await this.#call("shutdown", {}).catch(() => undefined);
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const timer = setTimeout(() => child.kill(), 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          done();
        });
      });
    }
    if (this.#tempDir) await rm(await this.#tempDir, { recursive: true, force: true });
  }

  #temp(): Promise<string> {
    this.#tempDir ??= mkdtemp(join(tmpdir(), "yatsapi-gftp-"));
    return this.#tempDir;
  }

  /** Publishes the file `path()` gives unless the same content (`hash`) already was. */
  #publishOnce(hash: string, path: () => Promise<string>): Promise<Source> {
    let source = this.#byHash.get(hash);
    if (!source) {
      source = (async () => {
        const file = resolve(await path());
        const links = (await this.#call("publish", { files: [file] })) as { url?: unknown }[];
        const url = links[0]?.url;
        if (typeof url !== "string") throw new Error(`gftp publish of ${file} gave no URL`);
        this.#urls.add(url);
        return { downloadUrl: url, contentLength: (await stat(file)).size };
      })();
      this.#byHash.set(hash, source);
      // A failed publish may be tried again.
      source.catch(() => this.#byHash.delete(hash));
    }
    return source;
  }

  async #start(): Promise<ChildProcessWithoutNullStreams> {
    const [cmd = "gftp", ...args] = this.#command ?? (await resolveGftpCommand(this.#env));
    const child = spawn(cmd, args, { env: this.#env, stdio: ["pipe", "pipe", "pipe"] });
    const fail = (err: Error) => {
      this.#failure ??= err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    child.on("error", (err) => fail(new Error(`gftp could not be started (${cmd}): ${err.message}`)));
    child.on("exit", (code) => fail(new Error(`gftp exited (code ${code})`)));
    child.stderr.resume();
    createInterface({ input: child.stdout }).on("line", (line) => this.#answer(line));
    this.#process = child;
    return child;
  }

  #answer(line: string): void {
    let msg: { id?: unknown; result?: unknown; error?: { message?: string } };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    const pending = typeof msg.id === "number" ? this.#pending.get(msg.id) : undefined;
    if (!pending) return;
    this.#pending.delete(msg.id as number);
    if (msg.error) pending.reject(new Error(`gftp: ${msg.error.message ?? JSON.stringify(msg.error)}`));
    else pending.resolve(msg.result);
  }

  async #call(method: string, params: Record<string, unknown>): Promise<unknown> {
    this.#started ??= this.#start();
    const child = await this.#started;
    if (this.#failure) throw this.#failure;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }
}
