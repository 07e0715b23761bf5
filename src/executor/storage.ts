/**
 * Where a worker's files go to and come from: yapapi's gftp storage. A `gftp server`
 * process (yagna's binary, or yatsapi's own `bin/gftp` against the devnet) is spawned on
 * first use and spoken to in JSON-RPC over its stdio: files are published to gftp URLs that
 * providers download from, and providers upload results to URLs gftp receives on.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

/** What the steps of a batch need from a storage. */
export interface StorageProvider {
  /** Publishes bytes; resolves to the URL providers read them from. */
  uploadBytes(data: Uint8Array): Promise<string>;
  /** Publishes a local file. */
  uploadFile(path: string): Promise<string>;
  /** A URL providers upload to; the file lands at `localPath`. */
  newDestination(localPath: string): Promise<string>;
  /** Ends the storage: URLs stop working, the process exits. */
  close(): Promise<void>;
}

/** Options of `GftpStorage`. */
export interface GftpStorageOptions {
  /** The command to run; default `["gftp", "server"]` from PATH, as yapapi. */
  command?: readonly string[];
  /** Environment of the process (YAGNA_API_URL and YAGNA_APPKEY for the devnet's gftp). */
  env?: NodeJS.ProcessEnv;
}

/**
 * A gftp JSON-RPC client over a spawned `gftp server`.
 *
 * @example
 * const storage = new GftpStorage({ env: { ...process.env, YAGNA_APPKEY: key } });
 * const url = await storage.uploadBytes(new TextEncoder().encode('{"frame": 1}'));
 * await storage.close();
 */
export class GftpStorage implements StorageProvider {
  readonly #command: readonly string[];
  readonly #env: NodeJS.ProcessEnv | undefined;
  #process: ChildProcessWithoutNullStreams | undefined;
  #failure: Error | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  #tempDir: Promise<string> | undefined;
  /** Published URLs by sha256 of the content: the same bytes are published once. */
  readonly #byHash = new Map<string, Promise<string>>();
  /** Every URL registered (published or awaited), closed at the end. */
  readonly #urls = new Set<string>();

  constructor(opts: GftpStorageOptions = {}) {
    this.#command = opts.command ?? ["gftp", "server"];
    this.#env = opts.env;
  }

  async uploadBytes(data: Uint8Array): Promise<string> {
    const hash = createHash("sha256").update(data).digest("hex");
    return this.#publishOnce(hash, async () => {
      this.#tempDir ??= mkdtemp(join(tmpdir(), "yatsapi-gftp-"));
      const file = join(await this.#tempDir, `upload-${hash}`);
      await writeFile(file, data);
      return file;
    });
  }

  async uploadFile(path: string): Promise<string> {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return this.#publishOnce(hash.digest("hex"), async () => path);
  }

  async newDestination(localPath: string): Promise<string> {
    const { url } = (await this.#call("receive", { output_file: resolve(localPath) })) as { url: string };
    if (typeof url !== "string") throw new Error(`gftp receive for ${localPath} gave no URL`);
    this.#urls.add(url);
    return url;
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

  /** Publishes the file `path()` gives unless the same content (`hash`) already was. */
  #publishOnce(hash: string, path: () => Promise<string>): Promise<string> {
    let url = this.#byHash.get(hash);
    if (!url) {
      url = (async () => {
        const file = resolve(await path());
        const links = (await this.#call("publish", { files: [file] })) as { url: string }[];
        const published = links[0]?.url;
        if (typeof published !== "string") throw new Error(`gftp publish of ${file} gave no URL`);
        this.#urls.add(published);
        return published;
      })();
      this.#byHash.set(hash, url);
      // A failed publish may be tried again.
      url.catch(() => this.#byHash.delete(hash));
    }
    return url;
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#process) return this.#process;
    const [cmd = "gftp", ...args] = this.#command;
    const child = spawn(cmd, args, { env: this.#env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
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

  #call(method: string, params: Record<string, unknown>): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    const child = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }
}
