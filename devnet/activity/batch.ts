import type { Clock } from "../clock.js";
import { Notifier } from "../notifier.js";
import { CapturedOutput, type CommandOutput } from "./capture.js";
import { CAPTURE_ALL, type ExeCommand } from "./exe-script.js";

/** The `kind` of an SSE runtime event: exactly one key, snake_case inside (3.6). */
export type RuntimeEventKind =
  | { started: { command: Record<string, unknown> } }
  | { stdout: CommandOutput }
  | { stderr: CommandOutput }
  | { finished: { return_code: number; message: string | null } };

/** An SSE `runtime` event's data, with the daemon's snake_case and zone-less timestamp. */
export interface RuntimeEvent {
  batch_id: string;
  index: number;
  timestamp: string;
  kind: RuntimeEventKind;
}

/** One element of the JSON polling answer (3.4): stdout, stderr and message always present. */
export interface ExeScriptCommandResult {
  index: number;
  eventDate: string;
  result: "Ok" | "Error";
  stdout: CommandOutput | null;
  stderr: CommandOutput | null;
  message: string | null;
  isBatchFinished: boolean;
}

/** `GET /activity/{id}/command` entries (3.7). */
export interface ExeScriptCommandState {
  command: string;
  params?: string[];
}

interface CommandState {
  result?: "Ok" | "Error";
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  message: string | null;
  date: number;
}

/**
 * One exec call's commands and what became of them: the results the polling API
 * reads, and the runtime events SSE subscribers receive as they happen (no replay,
 * as in the daemon).
 *
 * @example
 * const batch = new Batch("b1", parseExeScript('[{"sign":{}}]'), clock);
 * batch.started(0);
 * batch.finished(0, 0, null);
 * batch.results().length; // 1
 */
export class Batch {
  readonly #states: CommandState[] = [];
  readonly #subscribers = new Set<(event: RuntimeEvent) => void>();
  /** Wakes result long polls whenever a command finishes or the batch ends. */
  readonly changed = new Notifier();
  /** Aborted when the batch must stop (terminate command, destroy, crash). */
  readonly abort = new AbortController();

  constructor(
    readonly id: string,
    readonly commands: ExeCommand[],
    private readonly clock: Clock,
  ) {}

  /** Wakes everyone waiting on the batch: it will not progress any more (done, stopped, or killed). */
  end(): void {
    this.changed.notify();
  }

  started(index: number): void {
    const command = this.commands[index]!;
    const capture = command.name === "run" ? command : { stdout: CAPTURE_ALL, stderr: CAPTURE_ALL };
    this.#states[index] = {
      stdout: new CapturedOutput(capture.stdout),
      stderr: new CapturedOutput(capture.stderr),
      message: null,
      date: this.clock.now(),
    };
    this.#emit(index, { started: { command: command.raw } });
  }

  output(index: number, stream: "stdout" | "stderr", chunk: Buffer): void {
    const state = this.#states[index];
    if (!state || state.result) return;
    const streamed = state[stream].write(chunk);
    if (streamed === undefined) return;
    this.#emit(index, stream === "stdout" ? { stdout: streamed } : { stderr: streamed });
  }

  finished(index: number, returnCode: number, message: string | null): void {
    const state = this.#states[index];
    if (!state || state.result) return;
    state.result = returnCode === 0 ? "Ok" : "Error";
    state.message = message;
    state.date = this.clock.now();
    this.#emit(index, { finished: { return_code: returnCode, message } });
    this.changed.notify();
  }

  /** True when a command failed, which stops the batch: nothing after it will finish. */
  get failed(): boolean {
    return this.#states.some((s) => s?.result === "Error");
  }

  /** True when command `index` has a result. */
  isDone(index: number): boolean {
    return this.#states[index]?.result !== undefined;
  }

  /**
   * The polling answer (3.5): every finished command from index 0 up to `commandIndex`
   * (default: the last), in order; output only at `commandIndex` when it is given.
   */
  results(commandIndex?: number): ExeScriptCommandResult[] {
    const last = commandIndex ?? this.commands.length - 1;
    const out: ExeScriptCommandResult[] = [];
    for (let index = 0; index <= last; index++) {
      const state = this.#states[index];
      if (!state?.result) break;
      const withOutput = commandIndex === undefined || commandIndex === index;
      out.push({
        index,
        eventDate: this.clock.iso(state.date),
        result: state.result,
        stdout: withOutput ? state.stdout.output() : null,
        stderr: withOutput ? state.stderr.output() : null,
        message: state.message,
        isBatchFinished: index === last || state.result === "Error",
      });
    }
    return out;
  }

  /** The command that has started and not finished, if any. */
  running(): ExeScriptCommandState | undefined {
    const index = this.#states.findIndex((s) => s !== undefined && s.result === undefined);
    if (index < 0) return undefined;
    const command = this.commands[index]!;
    const name = command.name[0]!.toUpperCase() + command.name.slice(1);
    if (command.name === "run") return { command: name, params: [command.entryPoint, ...command.args] };
    if (command.name === "transfer") return { command: name, params: [command.from, command.to] };
    if (command.name === "start" && command.args.length > 0) return { command: name, params: command.args };
    return { command: name };
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  #emit(index: number, kind: RuntimeEventKind): void {
    if (this.#subscribers.size === 0) return;
    const event: RuntimeEvent = {
      batch_id: this.id,
      index,
      timestamp: this.clock.isoNaive(this.clock.now()),
      kind,
    };
    for (const listener of [...this.#subscribers]) listener(event);
  }
}
