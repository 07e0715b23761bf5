/**
 * Logging (seed: `yapapi.log`): the default logger on winston, event logging, the summary
 * logger with its rejection breakdown and provider table, and event log files.
 */
export { type DefaultLoggerOptions, disableDefaultLogger, enableDefaultLogger } from "./default-logger.js";
export {
  type EventLogEntry,
  EventLogFormatError,
  type EventLogWriter,
  type EventLogWriterOptions,
  jsonlEventWriter,
  parseEventLine,
  replayEvents,
} from "./event-file.js";
export { EVENTS_LOGGER, eventFields, eventRepr, formatEvent, logEvent, logEventRepr } from "./event-log.js";
export { asctime, DEFAULT_LOG_FORMAT, templateFormat } from "./format.js";
export { getLogger, isLoggingEnabled, ROOT_LOGGER_NAME, rootLogger, useRootLogger } from "./loggers.js";
export {
  type ProviderRow,
  providerKey,
  providerRepr,
  providerTable,
  type SummaryProvider,
} from "./provider-table.js";
export { REJECTION_LABELS, type RejectionCause, type RejectionCount, RejectionTally } from "./rejections.js";
export {
  type EventConsumer,
  logSummary,
  SUMMARY_LOGGER,
  SummaryLogger,
  type SummaryLoggerOptions,
} from "./summary-logger.js";
export {
  computationSummary,
  expirationWarning,
  MAX_EXPIRATION_MS,
  MIN_EXPIRATION_MS,
  noProposalsWarning,
  type SummaryLine,
} from "./summary-messages.js";
export { ComputationSummary, ProviderCosts, reasonOf } from "./summary-state.js";
export { pluralize, strCapped, textOf } from "./text.js";
