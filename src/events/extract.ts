import type { ErrorInfo } from "./exc-info.js";
import type { ComputationEvent } from "./types.js";

/**
 * yapapi's `extract_exc_info()`: the error an event carries and a copy of the event without
 * it (its `excInfo` set to null), so that the error can be logged apart. Events that carry no
 * error, or whose `excInfo` is already null, come back as they are with a null error.
 *
 * @example
 * const [error, rest] = extractExcInfo(event);
 * if (error) logger.error(describeEvent(rest), error.stack);
 */
export function extractExcInfo<E extends ComputationEvent>(event: E): readonly [ErrorInfo | null, E] {
  if (!("excInfo" in event) || event.excInfo === null) return [null, event];
  // Same type, same fields; only the error is cleared.
  const copy = Object.freeze({ ...event, excInfo: null }) as unknown as E;
  return [event.excInfo, copy];
}
