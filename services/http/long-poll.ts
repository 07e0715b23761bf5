import { ApiError, RequestTimeoutError } from "./errors.js";
import { delay } from "./retry.js";

/**
 * True for the errors a long-poll loop rides out: its own client time limit, and the
 * daemon's 408/504 once the core's retries are used up.
 *
 * @example
 * catch (err) { if (isPollTimeout(err)) continue; throw err; }
 */
export function isPollTimeout(err: unknown): boolean {
  return (
    err instanceof RequestTimeoutError ||
    (err instanceof ApiError && (err.status === 408 || err.status === 504))
  );
}

/**
 * Keeps a long-poll loop from spinning when a server answers an empty poll at once instead
 * of waiting: after an empty answer that came back in less than half the requested wait, it
 * pauses `idleDelayMs`. A well-behaved daemon never triggers it, so polling stays free while
 * idle.
 *
 * @example
 * const started = Date.now();
 * const events = await poll();
 * await idlePause(events.length, started, 5000, 1000, signal);
 */
export async function idlePause(
  received: number,
  startedMs: number,
  waitedForMs: number,
  idleDelayMs: number,
  signal?: AbortSignal,
): Promise<void> {
  if (received > 0) return;
  if (Date.now() - startedMs >= waitedForMs / 2) return;
  await delay(idleDelayMs, signal);
}

/**
 * Runs `body` and reports whether the caller's signal stopped it (then the loop ends quietly).
 *
 * @example
 * const r = await untilAborted(signal, () => client.request(req));
 * if (r.aborted) return;
 */
export async function untilAborted<T>(
  signal: AbortSignal | undefined,
  body: () => Promise<T>,
): Promise<{ aborted: true } | { aborted: false; value: T }> {
  try {
    return { aborted: false, value: await body() };
  } catch (err) {
    if (signal?.aborted) return { aborted: true };
    throw err;
  }
}
