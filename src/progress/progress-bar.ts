import type { ComputationEvent } from "../events/types.js";
import type { EventConsumer } from "../log/summary-logger.js";
import { ProgressState } from "./progress-state.js";
import { renderProgress } from "./render.js";

/** Where the bar is drawn: a terminal stream (`process.stderr`) or anything with `write`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of `ProgressBar`. */
export interface ProgressBarOptions {
  /** Number of tasks, for done/total, the bar and the ETA. */
  total?: number | null;
  /** Default `process.stderr`. The bar shows only when it is a TTY. */
  stream?: ProgressStream;
  /** Never draw (the `--quiet` flag). */
  quiet?: boolean;
  /**
   * A consumer that writes lines to the same terminal (e.g. `logSummary()`): the bar is
   * cleared before it runs and drawn again after, so its lines never mix with the bar.
   */
  wrapped?: EventConsumer | null;
  /** The clock; default `Date.now`. */
  now?: () => number;
}

/**
 * A one-line progress bar on a terminal, driven by a computation's events: its `log` is
 * an event consumer for `Executor`'s `eventConsumer`. Quiet (it only forwards to
 * `wrapped`) when the stream is not a TTY or `quiet` is set. Call `finish()` at the end.
 *
 * @example
 * const bar = new ProgressBar({ total: tasks.length, wrapped: logSummary() });
 * const executor = new Executor({ ...options, eventConsumer: bar.log });
 * // ... submit ...
 * bar.finish();
 */
export class ProgressBar {
  readonly state: ProgressState;
  readonly active: boolean;
  readonly #stream: ProgressStream;
  readonly #wrapped: EventConsumer | null;
  readonly #now: () => number;
  #shown = false;

  constructor(options: ProgressBarOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#wrapped = options.wrapped ?? null;
    this.#now = options.now ?? Date.now;
    this.state = new ProgressState(options.total ?? null);
    this.active = options.quiet !== true && this.#stream.isTTY === true;
  }

  /** The event consumer: updates the numbers, runs `wrapped` under a cleared line, redraws. */
  readonly log = (event: ComputationEvent, time?: number): unknown => {
    const at = time ?? this.#now();
    this.state.update(event, at);
    this.#clear();
    const result = this.#wrapped?.(event, at);
    this.#draw(at);
    return result;
  };

  /** The current line, as drawn (for tests and non-TTY reports). */
  line(now = this.#now()): string {
    // A pseudo-terminal may report 0 columns: then assume a usual width.
    const width = this.#stream.columns || 100;
    return renderProgress(this.state.snapshot(now)).slice(0, Math.max(20, width - 1));
  }

  /** Draws the final state and moves to the next line, so later output starts clean. */
  finish(): void {
    if (!this.active) return;
    this.#clear();
    this.#stream.write(`${this.line()}\n`);
  }

  #clear(): void {
    if (!this.#shown) return;
    this.#stream.write("\r\x1b[K");
    this.#shown = false;
  }

  #draw(at: number): void {
    if (!this.active) return;
    this.#stream.write(this.line(at));
    this.#shown = true;
  }
}
