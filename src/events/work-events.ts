import type { JsonValue } from "../json.js";
import type { ErrorInfo } from "./exc-info.js";

// Events of workers, activities, tasks, scripts, commands, downloads and the shutdown (see
// market-events.ts for the conventions).

/** A worker started on an agreement. */
export interface WorkerStarted {
  readonly type: "WorkerStarted";
  readonly agrId: string;
}
/** An activity was created on the provider. */
export interface ActivityCreated {
  readonly type: "ActivityCreated";
  readonly agrId: string;
  readonly actId: string;
}
/** Creating an activity failed. */
export interface ActivityCreateFailed {
  readonly type: "ActivityCreateFailed";
  readonly agrId: string;
  readonly excInfo: ErrorInfo | null;
}
/** A batch for a task is about to be sent (emitted per batch). */
export interface TaskStarted {
  readonly type: "TaskStarted";
  readonly taskId: string;
  readonly agrId: string;
  readonly taskData: JsonValue;
}
/** A worker ended: successfully when `excInfo` is null. */
export interface WorkerFinished {
  readonly type: "WorkerFinished";
  readonly agrId: string;
  readonly excInfo: ErrorInfo | null;
}
/** A script (batch of commands) was sent; `taskId` is null before the worker took a task. */
export interface ScriptSent {
  readonly type: "ScriptSent";
  readonly agrId: string;
  readonly taskId: string | null;
  readonly cmds: JsonValue;
}
/** The script ran; its results (downloads) are being fetched. */
export interface GettingResults {
  readonly type: "GettingResults";
  readonly agrId: string;
  readonly taskId: string | null;
}
/** The script and its downloads are done. */
export interface ScriptFinished {
  readonly type: "ScriptFinished";
  readonly agrId: string;
  readonly taskId: string | null;
}
/** A command of the script finished; `message` holds its output or error. */
export interface CommandExecuted {
  readonly type: "CommandExecuted";
  readonly agrId: string;
  readonly taskId: string | null;
  readonly cmdIdx: number;
  readonly command: JsonValue;
  readonly success: boolean;
  readonly message: string | null;
}
/** A command started (streaming mode). */
export interface CommandStarted {
  readonly type: "CommandStarted";
  readonly agrId: string;
  readonly taskId: string | null;
  readonly cmdIdx: number;
  readonly command: string;
}
/** A command wrote to stdout (streaming mode). */
export interface CommandStdOut {
  readonly type: "CommandStdOut";
  readonly agrId: string;
  readonly taskId: string | null;
  readonly cmdIdx: number;
  readonly output: string;
}
/** A command wrote to stderr (streaming mode). */
export interface CommandStdErr {
  readonly type: "CommandStdErr";
  readonly agrId: string;
  readonly taskId: string | null;
  readonly cmdIdx: number;
  readonly output: string;
}
/** The worker accepted a task's result. */
export interface TaskAccepted {
  readonly type: "TaskAccepted";
  readonly taskId: string;
  readonly result: JsonValue;
}
/** The worker rejected a task's result. */
export interface TaskRejected {
  readonly type: "TaskRejected";
  readonly taskId: string;
  readonly reason: string | null;
}
/** A download from the provider began; `path` is the remote path. */
export interface DownloadStarted {
  readonly type: "DownloadStarted";
  readonly path: string;
}
/** A download finished; `path` is the local path. */
export interface DownloadFinished {
  readonly type: "DownloadFinished";
  readonly path: string;
}
/** The executor's shutdown ended: cleanly when `excInfo` is null. */
export interface ShutdownFinished {
  readonly type: "ShutdownFinished";
  readonly excInfo: ErrorInfo | null;
}
