import type { CaptureSpec } from "./exe-script.js";

/** Output as the JSON answers carry it: text for format `str`, byte values for `bin`. */
export type CommandOutput = string | number[];

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * One command's stdout or stderr, kept the way its capture mode says: a head part
 * capped at `head` bytes, then a ring buffer with the last `tail` bytes.
 *
 * @example
 * const out = new CapturedOutput({ stream: false, format: "str", head: 3, tail: 0 });
 * out.write(Buffer.from("hello"));
 * out.output(); // "hel"
 */
export class CapturedOutput {
  readonly #spec: CaptureSpec;
  #head: Buffer[] = [];
  #headSize = 0;
  #tail: Buffer = Buffer.alloc(0);

  constructor(spec: CaptureSpec) {
    this.#spec = spec;
  }

  /** Whether accepted chunks are to be streamed as SSE events. */
  get streams(): boolean {
    return this.#spec.stream;
  }

  /**
   * Keeps a chunk and returns what should be streamed: the part the head accepted,
   * else the part the tail accepted (so a stream `limit` also caps the SSE events).
   */
  write(chunk: Buffer): CommandOutput | undefined {
    if (chunk.length === 0) return undefined;
    const room = this.#spec.head - this.#headSize;
    let accepted: Buffer | undefined;
    if (room > 0) {
      accepted = room >= chunk.length ? chunk : chunk.subarray(0, room);
      this.#head.push(accepted);
      this.#headSize += accepted.length;
    }
    if (this.#spec.tail > 0) {
      const slice = chunk.length > this.#spec.tail ? chunk.subarray(chunk.length - this.#spec.tail) : chunk;
      const joined = Buffer.concat([this.#tail, slice]);
      this.#tail =
        joined.length > this.#spec.tail ? joined.subarray(joined.length - this.#spec.tail) : joined;
      accepted ??= slice;
    }
    if (!accepted || !this.#spec.stream) return undefined;
    return this.#spec.format === "bin" ? [...accepted] : accepted.toString("utf8");
  }

  /** The kept output, or null when nothing was kept (never an empty string). */
  output(): CommandOutput | null {
    const bytes = Buffer.concat([...this.#head, this.#tail]);
    if (bytes.length === 0) return null;
    if (this.#spec.format === "bin") return [...bytes];
    try {
      return strictUtf8.decode(bytes);
    } catch {
      // Like the daemon: output that is not UTF-8 is read byte by byte as Latin-1.
      return bytes.toString("latin1");
    }
  }
}
