import { QueueStateError } from "./errors.js";
import { Lookahead } from "./lookahead.js";
import { Consumer, type HandleState, type QueueHandle } from "./queue-consumer.js";

/** Options of `SmartQueue`. */
export interface SmartQueueOptions<T> {
  /** How many times an item may go back to the queue before it is given up; default 3. */
  readonly maxRetries?: number;
  /** Told of every state change of a handle (taken, rescheduled, done, given up); must not throw. */
  readonly onChange?: (handle: QueueHandle<T>) => void;
}

/** A snapshot of a queue, for logs. */
export interface QueueStats {
  readonly newItems: boolean;
  readonly sourceExhausted: boolean;
  readonly inProgress: number;
  readonly rescheduled: number;
  readonly gaveUp: number;
  readonly consumers: number;
}

/** How many times an item may go back to the queue by default (yapapi's `retry_cnt=2` was never used). */
export const DEFAULT_MAX_RETRIES = 3;

class Entry<T> implements QueueHandle<T> {
  state: HandleState = "in-progress";
  consumer: Consumer<T> | null = null;
  retries = 0;
  /** Every consumer that ever held it: a retry goes to another one when it can. */
  readonly seenBy = new Set<Consumer<T>>();
  constructor(
    readonly owner: object,
    readonly item: T,
  ) {}
}

/**
 * A work queue with yapapi's `SmartQueue` semantics (3.1): items are pulled lazily from a
 * sync or async source (one item of lookahead, so `hasNewItems()` is exact), handed to
 * consumers (one per worker), and settled with `markDone` or `reschedule`. A rescheduled item
 * goes out before any new one, preferably to a consumer that never held it; unlike yapapi, a
 * consumer also gets back an item it already held when no other live consumer could take it,
 * so a lone worker retries its own rejected task instead of stalling (yapapi issue #890). A
 * consumer that closes sends back what it holds.
 *
 * Retries are capped here, in the queue, for both ways an item comes back (an explicit
 * `reschedule`, or its consumer closing without settling it): after `maxRetries` returns
 * (default 3, so at most 4 attempts) the next return gives the item up (`gave-up`) instead.
 * yapapi's `retry_cnt` argument was accepted and ignored, so yapapi retried forever.
 *
 * @example
 * const queue = new SmartQueue(["a", "b", "c"]);
 * const consumer = queue.newConsumer();
 * for await (const handle of consumer) {
 *   if (handle.item === "b" && handle.retries === 0) queue.reschedule(handle); // "b" comes back next
 *   else queue.markDone(handle);
 * }
 * await queue.waitUntilDone();
 */
export class SmartQueue<T> {
  readonly maxRetries: number;
  readonly #onChange: ((handle: QueueHandle<T>) => void) | undefined;
  readonly #source: Lookahead<T>;
  readonly #rescheduled: Entry<T>[] = [];
  readonly #inProgress = new Set<Entry<T>>();
  readonly #consumers = new Set<Consumer<T>>();
  #gaveUp = 0;
  #waiters: (() => void)[] = [];

  constructor(items: Iterable<T> | AsyncIterable<T>, options: SmartQueueOptions<T> = {}) {
    const max = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(max) || max < 0)
      throw new TypeError(`maxRetries: expected a whole number >= 0, got ${max}`);
    this.maxRetries = max;
    this.#onChange = options.onChange;
    this.#source = new Lookahead(items, () => this.#notify());
  }

  /**
   * True when an item not yet handed to any consumer is ready.
   *
   * @example
   * new SmartQueue([1]).hasNewItems(); // true
   */
  hasNewItems(): boolean {
    return this.#source.ready;
  }

  /**
   * True when an item is ready to be handed out: a new one or a rescheduled one. An executor
   * starts a new worker only then.
   *
   * @example
   * if (queue.hasUnassignedItems() && workers < maxWorkers) startWorker();
   */
  hasUnassignedItems(): boolean {
    return this.hasNewItems() || this.#rescheduled.length > 0;
  }

  /**
   * A new consumer (one per worker).
   *
   * @example
   * for await (const handle of queue.newConsumer()) queue.markDone(handle);
   */
  newConsumer(): Consumer<T> {
    const consumer = new Consumer<T>({ take: (c) => this.#take(c), close: (c) => this.#close(c) });
    this.#consumers.add(consumer);
    return consumer;
  }

  /**
   * Settles an item for good; `QueueStateError` unless it is in progress.
   *
   * @example
   * queue.markDone(handle);
   */
  markDone(handle: QueueHandle<T>): void {
    const entry = this.#own(handle);
    this.#inProgress.delete(entry);
    this.#set(entry, "done");
  }

  /**
   * Sends an item back to the queue; false when that used up its retries and it was given up
   * instead. `QueueStateError` unless it is in progress.
   *
   * @example
   * if (!queue.reschedule(handle)) console.log("gave up", handle.item);
   */
  reschedule(handle: QueueHandle<T>): boolean {
    return this.#requeue(this.#own(handle));
  }

  /**
   * Sends back every item `consumer` holds (what closing it does); returns the items given
   * up because their retries were used up.
   *
   * @example
   * queue.rescheduleAll(consumer);
   */
  rescheduleAll(consumer: Consumer<T>): T[] {
    const gaveUp: T[] = [];
    for (const entry of [...this.#inProgress]) {
      if (entry.consumer === consumer && !this.#requeue(entry)) gaveUp.push(entry.item);
    }
    return gaveUp;
  }

  /**
   * Resolves when every item is settled (done or given up) and the source is exhausted;
   * rejects with the source's error if it fails.
   *
   * @example
   * await queue.waitUntilDone();
   */
  async waitUntilDone(): Promise<void> {
    for (;;) {
      const failure = this.#source.failure;
      if (failure) throw failure.error;
      if (!this.#hasData()) return;
      await this.#changed();
    }
  }

  /**
   * A snapshot for logs.
   *
   * @example
   * queue.stats(); // { newItems: true, sourceExhausted: false, inProgress: 2, rescheduled: 0, gaveUp: 0, consumers: 2 }
   */
  stats(): QueueStats {
    return {
      newItems: this.hasNewItems(),
      sourceExhausted: this.#source.exhausted,
      inProgress: this.#inProgress.size,
      rescheduled: this.#rescheduled.length,
      gaveUp: this.#gaveUp,
      consumers: this.#consumers.size,
    };
  }

  #hasData(): boolean {
    return this.hasUnassignedItems() || this.#inProgress.size > 0 || !this.#source.exhausted;
  }

  #own(handle: QueueHandle<T>): Entry<T> {
    if (!(handle instanceof Entry) || handle.owner !== this) throw new QueueStateError("not from this queue");
    if (handle.state !== "in-progress") throw new QueueStateError(handle.state);
    return handle as Entry<T>;
  }

  #set(entry: Entry<T>, state: HandleState): void {
    entry.state = state;
    if (state !== "in-progress") entry.consumer = null;
    this.#notify();
    this.#onChange?.(entry);
  }

  #requeue(entry: Entry<T>): boolean {
    this.#inProgress.delete(entry);
    entry.retries += 1;
    if (entry.retries > this.maxRetries) {
      this.#gaveUp += 1;
      this.#set(entry, "gave-up");
      return false;
    }
    this.#rescheduled.push(entry);
    this.#set(entry, "rescheduled");
    return true;
  }

  #close(consumer: Consumer<T>): void {
    this.#consumers.delete(consumer);
    this.rescheduleAll(consumer);
    // Items it held may now go to consumers that already had them.
    this.#notify();
  }

  /** A rescheduled entry for this consumer: one it never held, else one no other live consumer can take. */
  #pickRescheduled(consumer: Consumer<T>): Entry<T> | undefined {
    let fallback = -1;
    for (const [i, entry] of this.#rescheduled.entries()) {
      if (!entry.seenBy.has(consumer)) return this.#rescheduled.splice(i, 1)[0];
      if (fallback < 0 && ![...this.#consumers].some((c) => c !== consumer && !entry.seenBy.has(c)))
        fallback = i;
    }
    return fallback >= 0 ? this.#rescheduled.splice(fallback, 1)[0] : undefined;
  }

  async #take(consumer: Consumer<T>): Promise<QueueHandle<T> | null> {
    for (;;) {
      const failure = this.#source.failure;
      if (failure) throw failure.error;
      if (consumer.closed) return null;
      let entry = this.#pickRescheduled(consumer);
      if (!entry && this.#source.ready) entry = new Entry(this, this.#source.take() as T);
      if (entry) {
        entry.consumer = consumer;
        entry.seenBy.add(consumer);
        this.#inProgress.add(entry);
        this.#set(entry, "in-progress");
        return entry;
      }
      if (!this.#hasData()) return null;
      await this.#changed();
    }
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
