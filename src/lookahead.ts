type Source<T> =
  | { readonly sync: true; readonly it: Iterator<T> }
  | { readonly sync: false; readonly it: AsyncIterator<T> };

/**
 * Pulls items one at a time from a sync or async iterable, keeping one item ready ahead, so
 * that "is there a next item?" has an exact, synchronous answer (what yapapi's `peekable`
 * gave its queue). A sync source is read at once; an async one in the background, with
 * `onChange` told whenever an item arrives, the source ends, or it fails.
 *
 * @example
 * const items = new Lookahead([1, 2], () => {});
 * items.ready; // true
 * items.take(); // 1
 */
export class Lookahead<T> {
  readonly #source: Source<T>;
  readonly #onChange: () => void;
  #next: { readonly value: T } | null = null;
  #exhausted = false;
  #pulling = false;
  #failure: { readonly error: unknown } | null = null;

  constructor(items: Iterable<T> | AsyncIterable<T>, onChange: () => void) {
    this.#source =
      Symbol.asyncIterator in items
        ? { sync: false, it: items[Symbol.asyncIterator]() }
        : { sync: true, it: items[Symbol.iterator]() };
    this.#onChange = onChange;
    this.#pull();
  }

  /** True when an item is ready to be taken. */
  get ready(): boolean {
    return this.#next !== null;
  }

  /** True once the source has ended (or failed): nothing more will arrive. */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** The source's error, wrapped, once it failed. */
  get failure(): { readonly error: unknown } | null {
    return this.#failure;
  }

  /**
   * Takes the ready item (undefined when none is) and starts pulling the next one.
   *
   * @example
   * if (items.ready) handle(items.take());
   */
  take(): T | undefined {
    const next = this.#next;
    if (next === null) return undefined;
    this.#next = null;
    this.#pull();
    return next.value;
  }

  #pull(): void {
    if (this.#next || this.#exhausted || this.#pulling) return;
    const source = this.#source;
    if (source.sync) {
      try {
        this.#accept(source.it.next());
      } catch (error) {
        this.#fail(error);
      }
      return;
    }
    this.#pulling = true;
    Promise.resolve()
      .then(() => source.it.next())
      .then(
        (result) => {
          this.#pulling = false;
          this.#accept(result);
        },
        (error: unknown) => {
          this.#pulling = false;
          this.#fail(error);
        },
      );
  }

  #accept(result: IteratorResult<T>): void {
    if (result.done) this.#exhausted = true;
    else this.#next = { value: result.value };
    this.#onChange();
  }

  #fail(error: unknown): void {
    this.#failure = { error };
    this.#exhausted = true;
    this.#onChange();
  }
}
