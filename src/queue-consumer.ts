/** Where a queue item stands: handed to a consumer, back in the queue, finished, or dropped after too many retries. */
export type HandleState = "in-progress" | "rescheduled" | "done" | "gave-up";

/** An item handed out by a `SmartQueue`; settle it with `markDone` or `reschedule`. */
export interface QueueHandle<T> {
  readonly item: T;
  readonly state: HandleState;
  /** The consumer holding it while in progress, else null. */
  readonly consumer: Consumer<T> | null;
  /** How many times it went back to the queue. */
  readonly retries: number;
}

/** What a consumer needs from its queue; made by `SmartQueue.newConsumer`. */
export interface ConsumerPort<T> {
  take(consumer: Consumer<T>): Promise<QueueHandle<T> | null>;
  close(consumer: Consumer<T>): void;
}

/**
 * One worker's view of a `SmartQueue`: an async iterator of handles that ends when the queue
 * has nothing left (no new items, none rescheduled, none in progress elsewhere). Closing it,
 * or leaving a `for await` loop over it, sends the items it still holds back to the queue
 * (counted as retries) for any consumer to take.
 *
 * @example
 * const consumer = queue.newConsumer();
 * try {
 *   for await (const handle of consumer) await work(handle.item).then(() => queue.markDone(handle));
 * } finally { consumer.close(); }
 */
export class Consumer<T> implements AsyncIterableIterator<QueueHandle<T>> {
  #closed = false;
  #last: QueueHandle<T> | null = null;

  constructor(readonly port: ConsumerPort<T>) {}

  /** The item of the handle taken last (yapapi's `last_item`), if any. */
  get lastItem(): T | undefined {
    return this.#last?.item;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Waits for the next item; `done` when the queue is finished or this consumer closed.
   *
   * @example
   * const { done, value } = await consumer.next();
   */
  async next(): Promise<IteratorResult<QueueHandle<T>, undefined>> {
    const handle = this.#closed ? null : await this.port.take(this);
    if (handle === null) {
      // Nothing will come any more: stop counting as a consumer that could take a retry.
      this.close();
      return { done: true, value: undefined };
    }
    this.#last = handle;
    return { done: false, value: handle };
  }

  /**
   * Closes the consumer (called by `for await` when the loop is left early).
   *
   * @example
   * await consumer.return();
   */
  async return(): Promise<IteratorResult<QueueHandle<T>, undefined>> {
    this.close();
    return { done: true, value: undefined };
  }

  /**
   * Stops taking items and sends back those still held; idempotent.
   *
   * @example
   * consumer.close();
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.port.close(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
