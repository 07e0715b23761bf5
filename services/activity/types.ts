/**
 * Activity API shapes. The spec's ExeScript and result types are loose or differ from what
 * the daemon reads and writes, so the real shapes (ya-client MODEL, yagna-protocol.md
 * section 3) are written here by hand; see each comment for the difference.
 */
import type { components } from "../generated/activity-api.js";

type Schemas = components["schemas"];

export type ActivityStateName = "New" | "Initialized" | "Deployed" | "Ready" | "Unresponsive" | "Terminated";

/** `state` is a two-element array `[current, next | null]`; `reason`/`errorMessage` omitted when empty. */
export interface ActivityState {
  state: [ActivityStateName, ActivityStateName | null];
  reason?: string;
  errorMessage?: string;
}

/** Counters in the order of the offer's `golem.com.usage.vector`; `timestamp` in Unix seconds. */
export type ActivityUsage = Schemas["ActivityUsage"];

/** Output capture: the daemon accepts "str"/"bin" and the spec's "string"/"binary". */
export type CaptureFormat = "str" | "bin" | "string" | "binary";

export type CaptureMode =
  | { atEnd: { head?: number; tail?: number; headTail?: number; format?: CaptureFormat } }
  | { stream: { limit?: number; format?: CaptureFormat } };

export interface Capture {
  stdout?: CaptureMode;
  stderr?: CaptureMode;
}

export interface ProgressArgs {
  /** Humantime string, e.g. "300ms" (camelCase in MODEL; the spec says `update-interval`). */
  updateInterval?: string;
  updateStep?: number | null;
}

export interface DeployNetwork {
  id: string;
  ip: string;
  mask?: string;
  gateway?: string;
  /** camelCase `nodeIp` in MODEL; the spec lists only id/ip/mask. */
  nodeIp: string;
  nodes?: Record<string, string>;
}

export interface FileSetItem {
  desc?: string;
  includes?: string | string[];
  excludes?: string | string[];
}

/** One ExeScript command: an object with exactly one key, as MODEL serialises it. */
export type ExeScriptCommand =
  | {
      deploy: {
        net?: DeployNetwork[];
        hosts?: Record<string, string>;
        hostname?: string;
        volumes?: string[] | Record<string, unknown>;
        env?: Record<string, string>;
        progress?: ProgressArgs;
      };
    }
  | { start: { args?: string[] } }
  | { run: { entry_point: string; args?: string[]; capture?: Capture } }
  | {
      transfer: {
        from: string;
        to: string;
        format?: string;
        depth?: number;
        fileset?: string | FileSetItem[];
        progress?: ProgressArgs;
      };
    }
  | { sign: Record<string, never> }
  | { terminate: Record<string, never> };

/** Output of a command: text, or byte values for binary capture. */
export type CommandOutput = string | number[];

/**
 * `GET /exec/{batchId}` items as the daemon writes them: `stdout`, `stderr` and `message`
 * are always present and null when empty (the spec makes them optional strings), and binary
 * output is an array of byte values.
 */
export interface ExeScriptCommandResult {
  index: number;
  eventDate: string;
  result: "Ok" | "Error";
  stdout?: CommandOutput | null;
  stderr?: CommandOutput | null;
  message?: string | null;
  isBatchFinished?: boolean;
}

/**
 * The `kind` of a streamed runtime event. The daemon writes the `finished` body in
 * snake_case (`return_code`); the spec says `returnCode`, which is accepted too.
 */
export type RuntimeEventKind =
  | { started: { command: ExeScriptCommand } }
  | { finished: { return_code?: number; returnCode?: number; message?: string | null } }
  | { stdout: CommandOutput }
  | { stderr: CommandOutput }
  | {
      progress: {
        step: [number, number];
        message?: string | null;
        progress?: [number, number | null];
        unit?: string | null;
      };
    };

/**
 * The JSON in an SSE `event: runtime` frame. The daemon writes `batch_id` and a timestamp
 * without a zone; the spec says `batchId`. Only `index` and `kind` are needed.
 */
export interface RuntimeEvent {
  batch_id?: string;
  batchId?: string;
  index: number;
  timestamp?: string;
  kind: RuntimeEventKind;
}

/** `POST /activity` answers a bare id (old request form) or this object (new form). */
export type CreateActivityResult = Schemas["CreateActivityResult"];
