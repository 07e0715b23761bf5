/**
 * Wakes long polls when something they may be waiting for happens. Waiters re-check
 * their own condition, so a notify never has to say what changed.
 *
 * @example
 * const changed = new Notifier();
 * const events = await changed.waitFor(() => take(), { timeoutMs: 5000, signal });
 */
export class Notifier {
  #waiters = new Set<() => void>();

  /** Wakes every current waiter. */
  notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }

  /**
   * Resolves with the first non-undefined result of `check`, re-run after each notify;
   * with undefined once `timeoutMs` passes or `signal` aborts.
   */
  async waitFor<T>(
    check: () => T | undefined,
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<T | undefined> {
    const first = check();
    if (first !== undefined || opts.timeoutMs <= 0 || opts.signal?.aborted) return first;
    const deadline = Date.now() + opts.timeoutMs;
    while (true) {
      const woke = await this.#next(deadline - Date.now(), opts.signal);
      const value = check();
      if (value !== undefined || !woke) return value;
      if (Date.now() >= deadline) return undefined;
    }
  }

  #next(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve(false);
      const done = (woke: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        signal?.removeEventListener("abort", abort);
        resolve(woke);
      };
      const wake = () => done(true);
      const abort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      this.#waiters.add(wake);
      signal?.addEventListener("abort", abort, { once: true });
    });
  }
}
