/**
 * Recordings of inspected runs: one protocol message per line (`*.jsonl`), `hello` first.
 * Writing streams to the file (it never blocks the run) and is flushed by `close()`;
 * reading checks every line and names the first bad one.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { type InspectMessage, PROTOCOL_VERSION } from "./protocol.js";

const TYPES: ReadonlySet<string> = new Set([
  "hello",
  "machine",
  "actor",
  "event",
  "step",
  "snapshot",
  "timers",
  "dropped",
  "synced",
  "end",
]);

/**
 * Writes a recording.
 *
 * @example
 * const recorder = new Recorder("run.jsonl");
 * recorder.write(JSON.stringify(message));
 * await recorder.close();
 */
export class Recorder {
  readonly path: string;
  readonly #stream: WriteStream;
  #error: Error | undefined;

  constructor(path: string) {
    this.path = path;
    this.#stream = createWriteStream(path, { flags: "w" });
    this.#stream.on("error", (err) => {
      this.#error = err;
    });
  }

  /** Appends one serialised message (no newline in it: JSON.stringify makes none). */
  write(line: string): void {
    if (this.#error === undefined && !this.#stream.writableEnded) this.#stream.write(`${line}\n`);
  }

  /** Resolves once every line written so far is in the file. */
  async flush(): Promise<void> {
    if (this.#error !== undefined || this.#stream.writableEnded) return;
    await new Promise<void>((done) => this.#stream.write("", () => done()));
  }

  /** Flushes and closes the file; rejects with the write error, if one happened. */
  async close(): Promise<void> {
    if (!this.#stream.writableEnded) await new Promise<void>((done) => this.#stream.end(done));
    if (this.#error !== undefined)
      throw new Error(`inspector recording ${this.path}: ${this.#error.message}`);
  }
}

/** One line of a recording: the message and its text as read. */
export interface RecordedLine {
  message: InspectMessage;
  line: string;
}

/**
 * Reads and checks a recording: every line a JSON object with a known `t`, the first a
 * `hello` of a protocol version this viewer knows. Errors name the file and line.
 *
 * @example
 * const lines = await readRecording("run.jsonl");
 */
export async function readRecording(path: string): Promise<RecordedLine[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new Error(
      code === "ENOENT" ? `no recording at ${path}` : `cannot read ${path}: ${(err as Error).message}`,
    );
  }
  const out: RecordedLine[] = [];
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const line = rows[i]!.trim();
    if (line === "") continue;
    const where = `${path}:${i + 1}`;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not a JSON line`);
    }
    const t = (message as { t?: unknown } | null)?.t;
    if (typeof message !== "object" || message === null || typeof t !== "string" || !TYPES.has(t))
      throw new Error(`${where}: not an inspector message (no known "t" field)`);
    if (out.length === 0) {
      if (t !== "hello") throw new Error(`${where}: a recording starts with a "hello" line, not "${t}"`);
      const v = (message as { v?: unknown }).v;
      if (v !== PROTOCOL_VERSION)
        throw new Error(
          `${where}: protocol version ${JSON.stringify(v)} is not one this yatsapi reads (it reads ${PROTOCOL_VERSION})`,
        );
    }
    out.push({ message: message as InspectMessage, line });
  }
  if (out.length === 0) throw new Error(`${path}: the recording is empty`);
  return out;
}
