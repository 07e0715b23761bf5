import { closeSync, openSync, writeSync } from "node:fs";
import { Writable } from "node:stream";

/**
 * A file written synchronously: each `write` is on disk (in the OS's cache) when it
 * returns, so a log or an event log holds everything up to a crash, in order, and a reader
 * never has to wait for a flush.
 *
 * @example
 * const file = new SyncFile("/tmp/run.log", "w");
 * file.write("hello\n");
 * file.close();
 */
export class SyncFile {
  #fd: number | null;

  /** Opens `path`: `"w"` truncates it, `"a"` appends to it (both create it). */
  constructor(
    readonly path: string,
    flags: "w" | "a",
  ) {
    this.#fd = openSync(path, flags);
  }

  get closed(): boolean {
    return this.#fd === null;
  }

  /**
   * Writes all of `data`; throws once the file is closed.
   *
   * @example
   * file.write(`${JSON.stringify(entry)}\n`);
   */
  write(data: string | Uint8Array): void {
    if (this.#fd === null) throw new Error(`${this.path}: the file is closed`);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done);
  }

  /**
   * Closes the file; closing twice does nothing.
   *
   * @example
   * file.close();
   */
  close(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    closeSync(fd);
  }

  /**
   * A byte stream onto this file (for winston's Stream transport). Writes after `close()`
   * are dropped: a logger someone still holds must not crash the program once logging is
   * switched off. Other write errors (a full disk) are the stream's `error` events.
   *
   * @example
   * new winston.transports.Stream({ stream: file.stream() });
   */
  stream(): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (this.closed) return done();
        try {
          this.write(chunk);
          done();
        } catch (error) {
          done(error instanceof Error ? error : new Error(String(error)));
        }
      },
    });
  }
}
