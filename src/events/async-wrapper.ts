import { AsyncWrapperClosedError } from "../errors.js";

/** Where an `AsyncWrapper` reports what its callable threw (it never throws it further). */
export type ErrorHook = (message: string, error: unknown) => void;

/** Options of `AsyncWrapper`. */
export interface AsyncWrapperOptions {
  /** Told about every error the wrapped callable throws or rejects with; default: `console.error`. */
  readonly onError?: ErrorHook;
}

const defaultHook: ErrorHook = (message, error) => console.error(message, error);

/**
 * Calls a callable (typically a computation's event consumer) asynchronously through a
 * queue, one call at a time and in order, as yapapi's `AsyncWrapper` does. `asyncCall` only
 * enqueues and returns at once, so a slow consumer never holds up the producer, and a
 * consumer that throws (or rejects) never breaks it: the error goes to the `onError` hook
 * (errors of the hook itself are dropped) and the next call proceeds. `stop()` refuses new
 * calls and resolves once everything already queued has been called.
 *
 * @example
 * const wrapper = new AsyncWrapper((event: ComputationEvent) => logger.info(describeEvent(event)),
 *   { onError: (msg, err) => logger.warn(msg, err) });
 * wrapper.asyncCall(createEvent("ComputationStarted", { expires: Date.now() + 60_000 }));
 * await wrapper.stop(); // every queued event has been handed to the consumer
 */
export class AsyncWrapper<A extends unknown[]> {
  readonly #wrapped: (...args: A) => unknown;
  readonly #onError: ErrorHook;
  #queue: A[] = [];
  #head = 0;
  #draining: Promise<void> | null = null;
  #closed = false;

  constructor(wrapped: (...args: A) => unknown, options: AsyncWrapperOptions = {}) {
    this.#wrapped = wrapped;
    this.#onError = options.onError ?? defaultHook;
  }

  /** True once `stop()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many calls are queued and not yet started. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  /**
   * Queues a call; throws `AsyncWrapperClosedError` after `stop()` began.
   *
   * @example
   * wrapper.asyncCall(event);
   */
  asyncCall(...args: A): void {
    if (this.#closed) throw new AsyncWrapperClosedError();
    this.#queue.push(args);
    this.#draining ??= this.#drain();
  }

  /**
   * Stops accepting calls and resolves when every queued call has been made (and, for async
   * callables, has settled).
   *
   * @example
   * await wrapper.stop();
   */
  async stop(): Promise<void> {
    this.#closed = true;
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Let the producer's synchronous code finish before the first call.
    await Promise.resolve();
    while (this.#head < this.#queue.length) {
      const args = this.#queue[this.#head]!;
      this.#head += 1;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        // Drop the consumed front now and then, so a long run does not keep every call.
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      try {
        await this.#wrapped(...args);
      } catch (error) {
        try {
          this.#onError("Unhandled exception in wrapped callable", error);
        } catch {
          // A failing hook must not stop the queue either.
        }
      }
    }
    this.#draining = null;
  }
}
