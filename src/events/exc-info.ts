/**
 * An error as events carry it: JSON-serialisable, so events can be logged, stored or sent
 * anywhere. yapapi carried `(type, exception, traceback)`; `name` stands for the type and
 * `stack` for the traceback.
 */
export interface ErrorInfo {
  /** The error's class name, e.g. `CommandExecutionError`. */
  readonly name: string;
  readonly message: string;
  readonly stack: string | null;
  /** The error's `code`, when it has a string one (e.g. Node's `ECONNRESET`). */
  readonly code: string | null;
}

/**
 * Describes any thrown value as an `ErrorInfo` (frozen). Non-errors are described by their
 * text, with the name `NonError`.
 *
 * @example
 * errorInfo(new TypeError("bad")); // { name: "TypeError", message: "bad", stack: "TypeError: bad\n    at ...", code: null }
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return Object.freeze({
      name: error.name,
      message: error.message,
      stack: typeof error.stack === "string" ? error.stack : null,
      code: typeof code === "string" ? code : null,
    });
  }
  const message = typeof error === "string" ? error : (JSON.stringify(error) ?? String(error));
  return Object.freeze({ name: "NonError", message, stack: null, code: null });
}

/**
 * True when `value` already is an `ErrorInfo` (as built by `errorInfo`).
 *
 * @example
 * isErrorInfo(errorInfo(new Error("x"))); // true
 */
export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== "object" || value === null || value instanceof Error) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === "string" &&
    typeof v.message === "string" &&
    (v.stack === null || typeof v.stack === "string") &&
    (v.code === null || typeof v.code === "string")
  );
}
