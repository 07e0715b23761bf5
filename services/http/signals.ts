/** An AbortController tied to a parent signal, and the way to untie it. */
export interface LinkedController {
  controller: AbortController;
  /** Stops listening to the parent, so that a long-lived parent keeps no reference. */
  unlink(): void;
}

/**
 * A controller that aborts (with the parent's reason) when `parent` does. Each call
 * registers one listener and `unlink()` removes it, which `AbortSignal.any` cannot promise
 * for a parent that outlives thousands of long polls.
 *
 * @example
 * const { controller, unlink } = linkedController(userSignal);
 * try { await fetchSomething(controller.signal); } finally { unlink(); }
 */
export function linkedController(parent?: AbortSignal): LinkedController {
  const controller = new AbortController();
  if (!parent) return { controller, unlink: () => {} };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, unlink: () => {} };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener("abort", onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener("abort", onAbort) };
}
