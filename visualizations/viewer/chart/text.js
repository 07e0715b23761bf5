/**
 * Text of the charts: labels for events and state nodes, and their width estimated from the
 * character count alone, so a layout made in Node and one made in a browser are identical.
 */

/** Pixels per character at 1px font size: generous for sans-serif, so text never overflows. */
const EM_PER_CHAR = 0.62;

/** Edge labels longer than this are cut with an ellipsis (the full event is in a tooltip). */
export const MAX_LABEL_CHARS = 34;

/**
 * The estimated width in pixels of `text` at `size` px.
 *
 * @example
 * textWidth("creating", 13); // 65
 * @param {string} text
 * @param {number} size
 * @returns {number}
 */
export function textWidth(text, size) {
  return Math.ceil(text.length * size * EM_PER_CHAR);
}

/**
 * How an edge's event reads on a chart: `after <delay>` for delayed transitions,
 * `done: <actor>` / `error: <actor>` for invoke results, `always` for eventless ones,
 * the event type otherwise; a guard follows in brackets.
 *
 * @example
 * eventLabel({ event: "xstate.after.approvalTimeout.agreement.confirming", targets: [], delay: "approvalTimeout" });
 * // "after approvalTimeout"
 * eventLabel({ event: "xstate.done.actor.confirmAgreement", targets: [], guard: "approved" });
 * // "done: confirmAgreement [approved]"
 * @param {import("../../../src/inspect/protocol.js").ChartTransition} transition
 * @returns {string}
 */
export function eventLabel(transition) {
  const base = shortEvent(transition.event, transition.delay);
  const full = transition.guard === undefined ? base : `${base} [${transition.guard}]`;
  return clip(full);
}

/**
 * An event type shortened for display (no guard, no clipping).
 *
 * @example
 * shortEvent("xstate.error.actor.createAgreement"); // "error: createAgreement"
 * shortEvent("xstate.after.250.probe.a", "250"); // "after 250 ms"
 * @param {string} event
 * @param {string} [delay]
 * @returns {string}
 */
export function shortEvent(event, delay) {
  if (event === "") return "always";
  if (delay !== undefined) return /^\d+$/.test(delay) ? `after ${delay} ms` : `after ${delay}`;
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event);
  if (actor !== null) return `${actor[1]}: ${actor[2]}`;
  const state = /^xstate\.done\.state\.(.+)$/.exec(event);
  if (state?.[1] !== undefined) return `done: ${state[1].split(".").pop()}`;
  return event;
}

/**
 * `text` cut to `max` characters with an ellipsis.
 *
 * @example
 * clip("a very long event name", 10); // "a very lo…"
 * @param {string} text
 * @param {number} [max]
 * @returns {string}
 */
export function clip(text, max = MAX_LABEL_CHARS) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * `text` safe inside SVG/HTML text and double-quoted attributes.
 *
 * @example
 * escapeXml('a<b & "c"'); // "a&lt;b &amp; &quot;c&quot;"
 * @param {string} text
 * @returns {string}
 */
export function escapeXml(text) {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
