/**
 * A fixed-size ring buffer: the event log keeps the newest entries and forgets the oldest
 * without shifting arrays, however long the run.
 *
 * @example
 * const ring = new Ring(2);
 * ring.push("a"); ring.push("b"); ring.push("c");
 * ring.items(); // ["b", "c"]
 * @template T
 */
export class Ring {
  /** @type {T[]} */
  #items = [];
  #start = 0;
  #capacity;

  /** @param {number} capacity */
  constructor(capacity) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`Ring: capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
  }

  /** @param {T} item */
  push(item) {
    if (this.#items.length < this.#capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.#capacity;
  }

  /** @returns {T[]} oldest first */
  items() {
    return [...this.#items.slice(this.#start), ...this.#items.slice(0, this.#start)];
  }

  get size() {
    return this.#items.length;
  }
}
