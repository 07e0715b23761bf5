/**
 * The REST actors of the activity machine (machines/activity.machine.ts), bound with
 * `activityMachine.provide({ actors: activityActors(yagna.activity) })`. Their input and
 * output types repeat the machine's placeholders (services/ does not import machines/);
 * TypeScript checks that they match where the machine is provided.
 */
import { fromPromise } from "xstate";
import type { ActivityService } from "../activity/activity-service.js";
import type { CommandEvent, CommandExecuted, Output } from "../activity/command-events.js";
import type { ExeScriptCommand } from "../activity/types.js";
import { ApiError } from "../http/errors.js";
import type { Json } from "./json.js";

/** One command's result as JSON: bytes of binary output become an array of byte values. */
export interface CommandResultJson {
  index: number;
  command: Json;
  success: boolean;
  message: string | null;
  stdout: string | number[] | null;
  stderr: string | number[] | null;
}

/** A command event of a running batch, with the ids that place it. */
export interface BatchCommandEvent {
  activityId: string;
  /** The requestor's id of the batch (from `batch.run`), not the daemon's. */
  batchId: string;
  event: CommandEvent;
}

/** Options of `activityActors`. */
export interface ActivityActorOptions {
  /** How long the daemon may take to create an activity, ms. Default 10 000. */
  createTimeoutMs?: number;
  /** How long the daemon may take to destroy an activity, ms. Default 10 000. */
  destroyTimeoutMs?: number;
  /**
   * Every event of a running batch as it comes (with `stream`, output chunks too), for the
   * event log; the machine itself gets only the results.
   */
  onCommandEvent?: (event: BatchCommandEvent) => void;
}

/**
 * `createActivity`, `deploy`, `runBatch` and `destroyActivity` over the activity API. The
 * calls are aborted through xstate's `signal` when their state is left (destroy, a single
 * call without a signal in the services API, runs to its end).
 *
 * @example
 * const bound = activityMachine.provide({ actors: activityActors(yagna.activity, { onCommandEvent: log }) });
 */
export function activityActors(service: ActivityService, opts: ActivityActorOptions = {}) {
  return {
    createActivity: fromPromise<{ activityId: string }, { agreementId: string }>(
      async ({ input, signal }) => {
        const activity = await service.newActivity(input.agreementId, {
          timeoutMs: opts.createTimeoutMs,
          signal,
        });
        return { activityId: activity.id };
      },
    ),

    deploy: fromPromise<void, { activityId: string }>(async ({ input, signal }) => {
      const batch = await service
        .activity(input.activityId)
        .send([{ deploy: {} }, { start: {} }], { signal });
      await batch.results();
    }),

    // Rejects with the services' own errors (CommandExecutionError, BatchTimeoutError,
    // ActivityTerminatedError, REST errors); the machine reads their name and fields.
    runBatch: fromPromise<
      { results: CommandResultJson[] },
      { activityId: string; batchId: string; commands: Json[]; stream: boolean; timeoutMs: number }
    >(async ({ input, signal }) => {
      const script = toScript(input.commands);
      const batch = await service.activity(input.activityId).send(script, {
        stream: input.stream,
        deadline: new Date(Date.now() + input.timeoutMs),
        signal,
      });
      const results: CommandResultJson[] = [];
      for await (const event of batch) {
        try {
          opts.onCommandEvent?.({ activityId: input.activityId, batchId: input.batchId, event });
        } catch {
          // The listener only logs; its failure must not fail the batch.
        }
        if (event.kind === "executed") results.push(resultJson(event));
      }
      return { results };
    }),

    // An activity the daemon no longer knows (404) or that already ended (410) is destroyed.
    destroyActivity: fromPromise<void, { activityId: string }>(async ({ input }) => {
      try {
        await service.activity(input.activityId).destroy({ timeoutMs: opts.destroyTimeoutMs });
      } catch (err) {
        if (!(err instanceof ApiError && (err.status === 404 || err.status === 410))) throw err;
      }
    }),
  };
}

const COMMANDS = new Set(["deploy", "start", "run", "transfer", "sign", "terminate"]);

/**
 * Checks that JSON from a worker is an ExeScript: objects with exactly one known command key.
 *
 * @example
 * toScript([{ run: { entry_point: "/bin/echo", args: ["hi"] } }]);
 */
export function toScript(commands: readonly Json[]): ExeScriptCommand[] {
  return commands.map((command, i) => {
    const keys =
      command !== null && typeof command === "object" && !Array.isArray(command) ? Object.keys(command) : [];
    if (keys.length !== 1 || !COMMANDS.has(keys[0]!)) {
      throw new TypeError(
        `command ${i} of the batch is not an ExeScript command (an object with one key of ${[...COMMANDS].join(", ")}): ${JSON.stringify(command)}`,
      );
    }
    return command as unknown as ExeScriptCommand;
  });
}

function resultJson(event: CommandExecuted): CommandResultJson {
  return {
    index: event.index,
    command: (event.command ?? null) as unknown as Json,
    success: event.success,
    message: event.message,
    stdout: outputJson(event.stdout),
    stderr: outputJson(event.stderr),
  };
}

function outputJson(output: Output | null): string | number[] | null {
  if (output === null || typeof output === "string") return output;
  return Array.from(output);
}
