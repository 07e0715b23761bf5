import { ApiError, TransportError } from "./errors.js";

/**
 * The intermittent failures yagna produces, each of which a call may opt out of:
 * - `timeout`: 408 and 504 answers (the daemon's own ack/GSB time-outs);
 * - `reset`: an established connection reset or closed under the request;
 * - `gsb`: the 500 "GSB error ... endpoint address not found" of an exe-unit that is briefly
 *   unreachable, retried only where yapapi does: batch results.
 */
export type RetryCase = "timeout" | "reset" | "gsb";

/** How many times and how fast to retry. */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts: number;
  /** Delay before the first retry, ms. Default 200. */
  baseDelayMs: number;
  /** Upper bound of any delay, ms. Default 3000. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 3000 };

/** The cases every call retries unless it says otherwise. */
export const DEFAULT_RETRY_CASES: readonly RetryCase[] = ["timeout", "reset"];

/**
 * Says which retry case an error is, or undefined when it must not be retried.
 *
 * @example
 * retryCaseOf(new ApiError("market", "GET", "/demands", 504, "Timeout", null)); // "timeout"
 */
export function retryCaseOf(err: unknown): RetryCase | undefined {
  if (err instanceof ApiError) {
    if (err.status === 408 || err.status === 504) return "timeout";
    if (err.isGsbEndpointNotFound) return "gsb";
    return undefined;
  }
  if (err instanceof TransportError && err.isConnectionReset) return "reset";
  return undefined;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with up to 25% random jitter so that many clients
 * hitting the same hiccup do not come back in lockstep.
 *
 * @example
 * backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0); // 200
 * backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0); // 800
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  return Math.round(capped * (1 - 0.25 * random()));
}

/**
 * Resolves after `ms`, or rejects with the signal's reason when it aborts first.
 *
 * @example
 * await delay(100, controller.signal);
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, fails with an error outside `cases`, or uses up
 * `policy.maxAttempts`; `onRetry` hears about each retry (for logging).
 *
 * @example
 * const value = await withRetries(() => client.get("/me"), ["timeout"], DEFAULT_RETRY_POLICY);
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  cases: readonly RetryCase[],
  policy: RetryPolicy,
  opts: { signal?: AbortSignal; onRetry?: (err: unknown, retry: number, waitMs: number) => void } = {},
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const kind = retryCaseOf(err);
      if (kind === undefined || !cases.includes(kind) || n >= policy.maxAttempts || opts.signal?.aborted)
        throw err;
      const waitMs = backoffDelay(n, policy);
      opts.onRetry?.(err, n, waitMs);
      await delay(waitMs, opts.signal);
    }
  }
}
