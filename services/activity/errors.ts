import type { ActivityStateName, ExeScriptCommand } from "./types.js";

/**
 * A command of a batch failed on the provider (non-zero exit, or a command out of order).
 *
 * @example
 * try { for await (const ev of batch) log(ev); }
 * catch (e) { if (e instanceof CommandExecutionError) console.error(e.command, e.stderr); }
 */
export class CommandExecutionError extends Error {
  override readonly name: string = "CommandExecutionError";

  constructor(
    /** The command that failed, e.g. `{"run": {...}}`. */
    readonly command: ExeScriptCommand | undefined,
    /** The daemon's message, e.g. "ExeScript command exited with code 1". */
    readonly failure: string | null,
    /** What the command wrote to stderr, when captured. */
    readonly stderr: string | null,
    readonly index: number,
  ) {
    super(
      `Command '${JSON.stringify(command)}' failed on provider${failure ? ` with message '${failure}'` : ""}` +
        (stderr ? `; stderr: ${stderr.length > 500 ? `${stderr.slice(0, 497)}...` : stderr}` : ""),
    );
  }
}

/**
 * A batch did not finish before its deadline.
 *
 * @example
 * const batch = await activity.send(script, { deadline: new Date(Date.now() + 60_000) });
 * try { for await (const ev of batch) {} } catch (e) { if (e instanceof BatchTimeoutError) retry(); }
 */
export class BatchTimeoutError extends Error {
  override readonly name: string = "BatchTimeoutError";

  constructor(
    readonly batchId: string,
    readonly deadline: Date,
  ) {
    super(`Batch ${batchId} did not finish by its deadline ${deadline.toISOString()}`);
  }
}

/**
 * The activity ended under a running batch (the provider destroyed it or the exe-unit
 * died); its state is `Terminated`.
 *
 * @example
 * if (err instanceof ActivityTerminatedError) console.error(err.reason, err.errorMessage);
 */
export class ActivityTerminatedError extends Error {
  override readonly name: string = "ActivityTerminatedError";

  constructor(
    readonly activityId: string,
    readonly state: ActivityStateName,
    readonly reason: string | undefined,
    readonly errorMessage: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `Activity ${activityId} terminated by provider` +
        (reason ? `, reason: ${reason}` : "") +
        (errorMessage ? `, error: ${errorMessage}` : ""),
      options,
    );
  }
}
