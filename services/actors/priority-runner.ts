/**
 * Runs asynchronous jobs a few at a time, the highest priority first. The offer feed uses
 * it so that reading the market never waits for negotiation calls, and so that with
 * thousands of offers waiting the best ones are countered first: the first draft, and so
 * the first agreement, comes from a good offer and does not queue behind every other one.
 */

interface Job {
  priority: number;
  seq: number;
  run: () => Promise<void>;
}

/** Whether `a` runs before `b`: higher priority, then first pushed. */
function before(a: Job, b: Job): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

/**
 * A bounded, prioritised job runner. Jobs must not throw (catch inside); once `signal` is
 * aborted no further job starts.
 *
 * @example
 * const runner = new PriorityRunner(8, controller.signal);
 * runner.push(0.9, async () => { await proposal.respond(props, constraints); });
 */
export class PriorityRunner {
  readonly #heap: Job[] = [];
  #inFlight = 0;
  #seq = 0;
  #scheduled = false;

  constructor(
    private readonly concurrency: number,
    private readonly signal: AbortSignal,
  ) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1))
      throw new RangeError(`concurrency: expected an integer >= 1, got ${concurrency}`);
  }

  /** Jobs waiting to start. */
  get waiting(): number {
    return this.#heap.length;
  }

  /**
   * Queues `run` with `priority` (higher first; equal priorities in push order). Jobs start
   * on the next turn of the event loop, so that everything pushed in one go (a poll's
   * proposals) is ranked before the first of them starts.
   */
  push(priority: number, run: () => Promise<void>): void {
    const heap = this.#heap;
    heap.push({ priority, seq: this.#seq++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#pump();
      });
    }
  }

  #pump(): void {
    while (this.#inFlight < this.concurrency && this.#heap.length > 0 && !this.signal.aborted) {
      const job = this.#pop();
      this.#inFlight++;
      void job.run().finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  #pop(): Job {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
        if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top;
  }
}
