/**
 * The event log of a computation: yapapi 0.5's event catalogue as frozen, JSON-serialisable
 * objects discriminated by `type`, their factories and descriptions, and the queue that hands
 * them to the user's consumer.
 */

export { AsyncWrapper, type AsyncWrapperOptions, type ErrorHook } from "./async-wrapper.js";
export { EVENT_CATALOGUE, EVENT_TYPES, type EventSpec, type FieldKind, isEventType } from "./catalogue.js";
export {
  createEvent,
  type EventFactories,
  type EventInit,
  type EventInitArgs,
  newEvent,
} from "./create.js";
export { describeEvent, EVENT_DESCRIBERS, type EventDescriber } from "./describe.js";
export { type ErrorInfo, errorInfo, isErrorInfo } from "./exc-info.js";
export { extractExcInfo } from "./extract.js";
export type * from "./market-events.js";
export type * from "./types.js";
export type * from "./work-events.js";
