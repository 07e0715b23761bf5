/**
 * Deep redaction of whatever the inspector puts on the wire: registered secrets (the app
 * key) never leave the process, whether a value equals one, contains one, or sits under a
 * key whose name says it is a credential. Values are also bounded (depth, array length,
 * string length) so one large context cannot flood a viewer.
 */
import type { WireJson } from "./protocol.js";

/** What a string holding a secret becomes. */
export const REDACTED = "[redacted]";

/** Keys whose values are dropped, whatever they hold. */
export const SECRET_KEY = /key|token|secret|password|auth/i;

/** How far `scrub` goes into a value. */
export interface ScrubLimits {
  depth: number;
  /** Items kept of an array (the rest is summarised as a count). */
  items: number;
  /** Characters kept of a string. */
  chars: number;
}

/** Generous enough for outputs and reasons, small enough for a page. */
export const DEFAULT_LIMITS: ScrubLimits = { depth: 5, items: 20, chars: 500 };

/**
 * The secrets the inspector must never show. Secrets shorter than 4 characters are refused:
 * redacting every `"a"` would hide everything and protect nothing.
 *
 * @example
 * const secrets = new Secrets();
 * secrets.add(appKey);
 * secrets.redact(`Bearer ${appKey}`); // "[redacted]"
 */
export class Secrets {
  readonly #values = new Set<string>();
  /** The secrets as they appear inside JSON text (escaped), for `guardLine`. */
  readonly #inJson = new Set<string>();

  add(secret: string): void {
    if (typeof secret !== "string" || secret.length < 4)
      throw new TypeError(`inspect secret: expected a string of 4 or more characters, got ${typeof secret}`);
    this.#values.add(secret);
    this.#inJson.add(JSON.stringify(secret).slice(1, -1));
  }

  get size(): number {
    return this.#values.size;
  }

  /** Whether `text` equals or contains a secret. */
  contains(text: string): boolean {
    for (const secret of this.#values) if (text.includes(secret)) return true;
    return false;
  }

  /** `text`, or `REDACTED` when it holds a secret. */
  redact(text: string): string {
    return this.contains(text) ? REDACTED : text;
  }

  /**
   * The last line of defence, on serialised messages: any secret left in a JSON line is
   * replaced, so no byte of it reaches a socket or a file even if a projection missed it.
   */
  guardLine(line: string): string {
    let out = line;
    for (const secret of this.#inJson) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }
}

/**
 * A JSON copy of `value` fit for the wire: secrets redacted, credential-named keys dropped,
 * functions, symbols and actor references left out, errors as their message, and the
 * value bounded by `limits`. Never throws (a getter that throws gives `null`).
 *
 * @example
 * scrub({ apiKey: "k", note: `uses ${key}`, n: 1 }, secrets); // { note: "[redacted]", n: 1 }
 */
export function scrub(value: unknown, secrets: Secrets, limits: ScrubLimits = DEFAULT_LIMITS): WireJson {
  return copy(value, secrets, limits, limits.depth, new Set()) ?? null;
}

function copy(
  value: unknown,
  secrets: Secrets,
  limits: ScrubLimits,
  depth: number,
  seen: Set<object>,
): WireJson | undefined {
  switch (typeof value) {
    case "string":
      return secrets.redact(value.length > limits.chars ? `${value.slice(0, limits.chars)}…` : value);
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null || typeof value !== "object") return null;
  if (value instanceof Error) return secrets.redact(value.message);
  // Actor references in context are live objects, not data.
  if ("sessionId" in value && "send" in value) return undefined;
  if (seen.has(value) || depth <= 0) return "…";
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const out: WireJson[] = [];
      for (const item of value.slice(0, limits.items))
        out.push(copy(item, secrets, limits, depth - 1, seen) ?? null);
      if (value.length > limits.items) out.push(`… ${value.length - limits.items} more`);
      return out;
    }
    const out: { [key: string]: WireJson } = {};
    let kept = 0;
    for (const key of Object.keys(value)) {
      if (SECRET_KEY.test(key) || secrets.contains(key)) continue;
      if (kept === limits.items) {
        out["…"] = `${Object.keys(value).length - kept} more keys`;
        break;
      }
      const item = copy((value as Record<string, unknown>)[key], secrets, limits, depth - 1, seen);
      if (item === undefined) continue;
      out[key] = item;
      kept++;
    }
    return out;
  } catch {
    return null;
  } finally {
    seen.delete(value);
  }
}
