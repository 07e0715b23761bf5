import { EVENT_CATALOGUE } from "../events/catalogue.js";
import { describeEvent } from "../events/describe.js";
import { type ErrorInfo, isErrorInfo } from "../events/exc-info.js";
import type { ComputationEvent } from "../events/types.js";
import { getLogger, isLoggingEnabled } from "./loggers.js";

/** The logger of `logEvent` and `logEventRepr` (yapapi's `yapapi.events`). */
export const EVENTS_LOGGER = "yatsapi.events";

/**
 * An event's fields (without `type`) in the catalogue's order, which is yapapi's.
 *
 * @example
 * eventFields(createEvent("TaskAccepted", { taskId: "1", result: "out.png" }));
 * // [["taskId", "1"], ["result", "out.png"]]
 */
export function eventFields(event: ComputationEvent): [string, unknown][] {
  const record = event as unknown as Readonly<Record<string, unknown>>;
  return Object.keys(EVENT_CATALOGUE[event.type].fields).map((name) => [name, record[name]]);
}

const errorText = (e: ErrorInfo): string => (e.message ? `${e.name}: ${e.message}` : e.name);

function fieldText(value: unknown): string {
  if (typeof value === "string") return value;
  if (isErrorInfo(value)) return errorText(value);
  return JSON.stringify(value) ?? String(value);
}

/** A JSON text with object keys sorted at every depth, so equal values print alike. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function errorOf(event: ComputationEvent): ErrorInfo | null {
  return "excInfo" in event ? event.excInfo : null;
}

/**
 * The line `logEvent` writes: the event's description, then each field as
 * `name = value` (yapapi's `log_event` format). Strings are shown as they are, errors as
 * `Name: message`, other values as JSON.
 *
 * @example
 * formatEvent(createEvent("TaskAccepted", { taskId: "1", result: "output_0.png" }));
 * // "Task accepted (task 1), result: output_0.png; taskId = 1; result = output_0.png"
 */
export function formatEvent(event: ComputationEvent): string {
  const fields = eventFields(event).map(([name, value]) => `${name} = ${fieldText(value)}`);
  return [describeEvent(event), ...fields].join("; ");
}

/**
 * A stable repr of an event, like a Python dataclass repr: `Type(field=value, ...)` with
 * fields in the catalogue's order, values as JSON with sorted keys and errors as
 * `Name("message")` (their stack is not part of it). Equal events give equal text.
 *
 * @example
 * eventRepr(createEvent("TaskAccepted", { taskId: "1", result: "output_0.png" }));
 * // 'TaskAccepted(taskId="1", result="output_0.png")'
 */
export function eventRepr(event: ComputationEvent): string {
  const fields = eventFields(event).map(([name, value]) => {
    const text = isErrorInfo(value) ? `${value.name}(${JSON.stringify(value.message)})` : stableJson(value);
    return `${name}=${text}`;
  });
  return `${event.type}(${fields.join(", ")})`;
}

function debugWithError(message: string, event: ComputationEvent): void {
  const logger = getLogger(EVENTS_LOGGER);
  const error = errorOf(event);
  if (error?.stack) logger.debug(message, { stack: error.stack });
  else logger.debug(message);
}

/**
 * An event consumer that writes each event at debug level to `yatsapi.events` as
 * `formatEvent` tells it, with the stack of the error it carries (yapapi's `log_event`).
 * Nothing is formatted unless that logger takes debug entries.
 *
 * @example
 * enableDefaultLogger({ logFile: "run.log" });
 * const executor = new Executor({ ...options, eventConsumer: logEvent });
 */
export function logEvent(event: ComputationEvent): void {
  if (!isLoggingEnabled(getLogger(EVENTS_LOGGER), "debug")) return;
  debugWithError(formatEvent(event), event);
}

/**
 * An event consumer that writes each event's `eventRepr` at debug level to
 * `yatsapi.events`, with the stack of the error it carries (yapapi's `log_event_repr`).
 *
 * @example
 * const executor = new Executor({ ...options, eventConsumer: logEventRepr });
 */
export function logEventRepr(event: ComputationEvent): void {
  if (!isLoggingEnabled(getLogger(EVENTS_LOGGER), "debug")) return;
  debugWithError(eventRepr(event), event);
}
