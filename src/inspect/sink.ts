/**
 * The xstate `inspect` observer of the inspector. On xstate's hot path it only records a
 * reference to the event and the time (snapshots and events are immutable), in a bounded
 * queue; the encoding into protocol messages happens in batches on `setImmediate`. It
 * never throws into xstate: failures are counted, and so are events it had to drop.
 */
import type { InspectionEvent } from "xstate";
import { Encoder } from "./encode.js";
import type { InspectMessage } from "./protocol.js";
import type { Secrets } from "./redact.js";

export interface SinkOptions {
  secrets: Secrets;
  /** Gets each batch of messages, in order. */
  consumer: (messages: InspectMessage[]) => void;
  /** Events held at most before the consumer got them; more are dropped. Default 100 000. */
  maxQueue?: number;
  /** The clock of `at` fields. Default `Date.now`. */
  now?: () => number;
}

/** What the sink did, for tests and the benchmark. */
export interface SinkStats {
  captured: number;
  /** Events left out: the queue was full or the sink was closed. */
  dropped: number;
  /** Events whose encoding (or the consumer) failed. */
  errors: number;
}

/**
 * An inspect observer plus its batcher.
 *
 * @example
 * const sink = new InspectSink({ secrets, consumer: (messages) => relay.publish(messages) });
 * createActor(machine, { inspect: sink.inspect }).start();
 */
export class InspectSink {
  readonly stats: SinkStats = { captured: 0, dropped: 0, errors: 0 };
  readonly #encoder: Encoder;
  readonly #consumer: (messages: InspectMessage[]) => void;
  readonly #maxQueue: number;
  readonly #now: () => number;
  #events: InspectionEvent[] = [];
  #times: number[] = [];
  #scheduled = false;
  #closed = false;
  /** Drops not yet reported to the consumer. */
  #unreported = 0;

  constructor(opts: SinkOptions) {
    this.#encoder = new Encoder(opts.secrets);
    this.#consumer = opts.consumer;
    this.#maxQueue = opts.maxQueue ?? 100_000;
    this.#now = opts.now ?? Date.now;
  }

  /** The observer to give xstate (`createActor(logic, { inspect: sink.inspect })`). */
  readonly inspect = (event: InspectionEvent): void => {
    try {
      if (this.#closed || this.#events.length >= this.#maxQueue) {
        this.stats.dropped++;
        this.#unreported++;
        return;
      }
      this.stats.captured++;
      this.#events.push(event);
      this.#times.push(this.#now());
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flush);
      }
    } catch {
      this.stats.errors++;
    }
  };

  /** Encodes and delivers everything captured so far, now. */
  drain(): void {
    const events = this.#events;
    const times = this.#times;
    this.#events = [];
    this.#times = [];
    const out: InspectMessage[] = [];
    if (this.#unreported > 0 && !this.#closed) {
      out.push({ t: "dropped", at: this.#now(), count: this.#unreported });
      this.#unreported = 0;
    }
    for (let i = 0; i < events.length; i++) {
      try {
        this.#encoder.encode(events[i]!, times[i]!, out);
      } catch {
        this.stats.errors++;
      }
    }
    this.#encoder.flushTimers(out);
    if (out.length === 0) return;
    try {
      this.#consumer(out);
    } catch {
      this.stats.errors++;
    }
  }

  /** Delivers what is queued, then ignores (and counts) every later event. */
  close(): void {
    if (this.#closed) return;
    this.drain();
    this.#closed = true;
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    this.drain();
  };
}
