import type { Clock } from "../clock.js";

/** A cancellable timer that may run later than Node's 24.8-day setTimeout limit. */
export interface LongTimer {
  cancel(): void;
}

const MAX_DELAY = 2 ** 31 - 1;

/**
 * Runs `fn` at `ms` from now through the devnet clock (so devnet shutdown cancels it),
 * chaining timers when the delay is too long for one: a plain setTimeout would fire
 * at once for a demand expiring in a year.
 *
 * @example
 * const t = longTimer(ctx.clock, () => expire(demand), ttlSec * 1000);
 * t.cancel();
 */
export function longTimer(clock: Clock, fn: () => void, ms: number): LongTimer {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const due = clock.now() + Math.max(0, ms);
  const arm = () => {
    const left = due - clock.now();
    handle = clock.setTimeout(
      () => {
        if (cancelled) return;
        if (due - clock.now() > 0 && left > MAX_DELAY) arm();
        else fn();
      },
      Math.min(Math.max(0, left), MAX_DELAY),
    );
  };
  arm();
  return {
    cancel() {
      cancelled = true;
      clock.clearTimeout(handle);
    },
  };
}
