/** The executor: `Executor.submit`, the worker's `WorkContext`, batches and their results. */

export type { CommandResult } from "./batch-results.js";
export { ComputationFailedError } from "./errors.js";
export {
  DEFAULT_DRIVER,
  DEFAULT_EXECUTOR_TIMEOUT_MS,
  DEFAULT_NETWORK,
  Executor,
  type ExecutorOptions,
} from "./executor.js";
export { DownloadFile, type DownloadReporter, Run, SendFile, SendJson, Steps, type Work } from "./steps.js";
export { WorkContext, type WorkContextOptions, type WorkerInfo } from "./work-context.js";
export type { BatchResults, WorkerFunction } from "./worker-runner.js";
