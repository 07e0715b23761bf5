/**
 * JSON shapes the machines and their REST actors exchange. services/ does not import the
 * machines, so these repeat theirs (src/json.ts `JsonValue`, machines/reason.ts `Reason`);
 * `.provide()` checks that both sides agree.
 */

/**
 * Any value that survives `JSON.stringify` / `JSON.parse` unchanged; an object key may
 * hold `undefined` (an optional field), which `JSON.stringify` leaves out.
 */
export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [key: string]: Json | undefined };

/** `{message, ...extra keys}` with JSON values: a reason as the machines keep it. */
export interface JsonReason {
  message: string;
  [key: string]: Json;
}
