/**
 * yapapi's storage models in TypeScript: a `Source` is content published for providers to
 * download, a `Destination` is a slot providers upload results to. Input storage publishes
 * (input for the providers), output storage receives (their output), as in the seed.
 */
import type { Readable } from "node:stream";

/**
 * Content providers can download.
 *
 * @example
 * const source = await storage.uploadBytes(new TextEncoder().encode("hi"));
 * commands.push({ transfer: { from: source.downloadUrl, to: "container:/golem/input/hi" } });
 */
export interface Source {
  /** The URL providers download the content from. */
  readonly downloadUrl: string;
  /** The size of the content in bytes. */
  readonly contentLength: number;
}

/**
 * A slot a provider uploads to; its content is read back once the upload is done.
 *
 * @example
 * const dst = await storage.newDestination();
 * // ...a batch transfers "container:/golem/output/out.png" to dst.uploadUrl...
 * const png = await dst.downloadBytes(10 * 1024 * 1024);
 */
export interface Destination {
  /** The URL providers upload to. */
  readonly uploadUrl: string;
  /** The received content as a stream. */
  downloadStream(): Promise<Readable>;
  /** Puts the received content at `path` (nothing to copy when it was received there). */
  downloadFile(path: string): Promise<void>;
  /** The received content, refused with an error when longer than `limit` bytes. */
  downloadBytes(limit: number): Promise<Uint8Array>;
}

/**
 * Publishes content for providers (yapapi's `InputStorageProvider`).
 *
 * @example
 * const source = await storage.uploadFile("./scene.blend");
 */
export interface InputStorageProvider {
  /** Publishes bytes. */
  uploadBytes(data: Uint8Array): Promise<Source>;
  /** Publishes a local file. */
  uploadFile(path: string): Promise<Source>;
  /** Publishes what a stream (or any iterable of chunks) yields. */
  uploadStream(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Source>;
}

/**
 * Receives what providers upload (yapapi's `OutputStorageProvider`).
 *
 * @example
 * const dst = await storage.newDestination("./out.png");
 */
export interface OutputStorageProvider {
  /** A new slot; the content lands at `destinationFile` when given (a hint, as in yapapi). */
  newDestination(destinationFile?: string): Promise<Destination>;
}

/**
 * Both directions, and an end: after `close()` the URLs stop working.
 *
 * @example
 * const storage: StorageProvider = new GftpStorage();
 * try { await storage.uploadBytes(data); } finally { await storage.close(); }
 */
export interface StorageProvider extends InputStorageProvider, OutputStorageProvider {
  close(): Promise<void>;
}
