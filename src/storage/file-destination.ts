/**
 * A `Destination` whose content is received into a local file (what gftp's `receive` does).
 */
import { copyFile, open } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import type { Destination } from "./types.js";

/**
 * The content was longer than `downloadBytes` was allowed to read.
 *
 * @example
 * await dst.downloadBytes(1024).catch((e) => e instanceof ContentTooLargeError && console.error(e.message));
 */
export class ContentTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly size: number,
    readonly url: string,
  ) {
    super(
      `downloadBytes(${limit}): the content of ${url} is ${size} bytes, over the limit of ${limit} bytes`,
    );
    this.name = "ContentTooLargeError";
  }
}

/**
 * A destination received into `file`, uploaded to at `uploadUrl`.
 *
 * @example
 * const dst = new FileDestination("gftp://0xabc/123", "/tmp/received");
 * await dst.downloadFile("./out.png");
 */
export class FileDestination implements Destination {
  constructor(
    readonly uploadUrl: string,
    readonly file: string,
  ) {}

  async downloadStream(): Promise<Readable> {
    // Opened before returning, so a missing upload fails here and not in the consumer.
    const handle = await open(this.file, "r");
    return handle.createReadStream();
  }

  async downloadFile(path: string): Promise<void> {
    if (resolve(path) === resolve(this.file)) return;
    await copyFile(this.file, path);
  }

  async downloadBytes(limit: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(
        `downloadBytes: limit must be a non-negative integer number of bytes, got ${limit}`,
      );
    }
    const handle = await open(this.file, "r");
    try {
      const { size } = await handle.stat();
      if (size > limit) throw new ContentTooLargeError(limit, size, this.uploadUrl);
      const bytes = new Uint8Array(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await handle.read(bytes, at, size - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return bytes.subarray(0, at);
    } finally {
      await handle.close();
    }
  }
}
