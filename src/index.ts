/**
 * yatsapi: a TypeScript requestor SDK for the Golem network, built as explicit XState
 * actors. `import { Executor, Task, WorkContext, DemandBuilder, LeastExpensiveLinearPayuMS } from "yatsapi"`.
 */

export {
  ActivityTerminatedError,
  ApiError,
  AuthenticationError,
  BatchTimeoutError,
  CommandExecutionError,
  MissingConfiguration,
  PackageException,
  RequestTimeoutError,
  TransportError,
  UnexpectedResponseError,
} from "../services/index.js";
/** yatsapi's version from its package.json, e.g. `"0.1.0"` (`getVersion()`). */
export { packageVersion as getVersion } from "./cli/version.js";
export {
  applyMarketDecoration,
  buildDemand,
  type DemandSpec,
  type MarketDecoration,
} from "./decorate-demand.js";
export { type DemandBody, DemandBuilder } from "./demand-builder.js";
export type { DemandDecorator, Package } from "./demand-decorator.js";
export {
  AsyncWrapperClosedError,
  InvalidConstraintError,
  InvalidEventError,
  InvalidPropertiesError,
  NoPaymentAccountError,
  QueueStateError,
  TaskStateError,
} from "./errors.js";
export type { ComputationEvent, EventType } from "./events/index.js";
export * as events from "./events/index.js";
export { AsyncWrapper, createEvent, describeEvent, extractExcInfo } from "./events/index.js";
export * from "./executor/index.js";
export * as inspect from "./inspect/index.js";
export { type InspectOption, type InspectOptions, Inspector } from "./inspect/index.js";
export type { JsonObject, JsonValue } from "./json.js";
export * as log from "./log/index.js";
export { enableDefaultLogger, logEvent, logEventRepr, logSummary, SummaryLogger } from "./log/index.js";
export { type RepoOptions, repo } from "./package/index.js";
export * as progress from "./progress/index.js";
export { ProgressBar, type ProgressBarOptions, ProgressState, renderProgress } from "./progress/index.js";
export * as props from "./props/index.js";
export { SmartQueue, type SmartQueueOptions } from "./smart-queue.js";
export * from "./storage/index.js";
export {
  type ComputationHistory,
  DecreaseScoreForUnconfirmedAgreement,
  DummyMS,
  defaultMarketStrategy,
  LeastExpensiveLinearPayuMS,
  type MarketStrategy,
  type Offer,
  SCORE_NEUTRAL,
  SCORE_REJECTED,
  SCORE_TRUSTED,
} from "./strategy/index.js";
export { Task, type TaskStatus } from "./task.js";
