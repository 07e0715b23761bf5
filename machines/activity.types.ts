/**
 * Types of the activity machine (a worker's activity): input, context, the events it
 * takes and sends, its output, and the input/output of the REST actors it invokes (bound
 * in services/actors/activity.actors.ts).
 */
import type { JsonValue } from "../src/json.js";
import type { ErrorJson, Reason } from "./reason.js";

/** The activity machine's named delays, in ms. */
export interface ActivityTimeouts {
  /** From entering `deploying` to giving up on deploy + start. */
  deployTimeoutMs: number;
  /** A batch's deadline when `batch.run` gives none. */
  batchTimeoutMs: number;
  /** From entering `destroying` to declaring the provider unresponsive. */
  destroyTimeoutMs: number;
}

export interface ActivityInput {
  agreementId: string;
  timeouts?: Partial<ActivityTimeouts>;
}

/** How an activity ended. An unresponsive provider counts as `failed` (see the reason). */
export type ActivityOutcome = "destroyed" | "failed";

/** A batch as the worker asked for it: ExeScript commands as JSON. */
export interface BatchRequest {
  /** The requestor's id of the batch (not the daemon's), used to match answers. */
  batchId: string;
  commands: JsonValue[];
  /** Follow the batch over SSE (output chunks as they come) instead of polling. */
  stream: boolean;
  timeoutMs?: number;
}

/** The `executed` result of one command; output is text, or byte values for binary capture. */
export interface CommandResult {
  index: number;
  command: JsonValue;
  success: boolean;
  message: string | null;
  stdout: string | number[] | null;
  stderr: string | number[] | null;
}

export interface ActivityContext {
  agreementId: string;
  timeouts: ActivityTimeouts;
  activityId?: string;
  /** The batch being run while in `runningBatch`. */
  batch?: BatchRequest;
  /** Set by a stop request that came while the activity was still being created. */
  stopRequested: boolean;
  /** Why the activity failed while it still had to be destroyed: it ends `failed`. */
  failure?: Reason;
  reason?: Reason;
  outcome?: ActivityOutcome;
}

/** Events the root (or src/'s worker driver) sends to an activity. */
export type ActivityEvent =
  | ({ type: "batch.run" } & BatchRequest)
  | { type: "activity.stop"; reason?: Reason };

/** Events an activity sends to its parent (`sendParent`). */
export type ActivityParentEvent =
  | { type: "activity.created"; agreementId: string; activityId: string }
  | { type: "activity.ready"; agreementId: string; activityId: string }
  | { type: "batch.finished"; agreementId: string; batchId: string; results: CommandResult[] }
  | { type: "batch.failed"; agreementId: string; batchId: string; error: ErrorJson }
  | {
      type: "activity.ended";
      agreementId: string;
      activityId?: string;
      outcome: ActivityOutcome;
      reason?: Reason;
    };

export interface ActivityOutput {
  agreementId: string;
  activityId?: string;
  outcome: ActivityOutcome;
  reason?: Reason;
}

/** `createActivity`: creates the activity under the agreement. */
export interface CreateActivityInput {
  agreementId: string;
}
export interface CreateActivityOutput {
  activityId: string;
}

/** `deploy` (deploy + start batch) and `destroyActivity`. */
export interface ActivityIdInput {
  activityId: string;
}

/**
 * `runBatch`: sends the script and follows it to its end. Rejects with the services'
 * errors (their `name` tells the kind: CommandExecutionError, BatchTimeoutError,
 * ActivityTerminatedError, or a REST error).
 */
export interface RunBatchInput {
  activityId: string;
  batchId: string;
  commands: JsonValue[];
  stream: boolean;
  timeoutMs: number;
}
export interface RunBatchOutput {
  results: CommandResult[];
}
