/**
 * One `submit()`: the root actor, and everything around it that is not a machine: the
 * user's task input (read lazily, as the root asks), the user's workers (one runner per
 * ready activity), the event log (frozen catalogue events through an AsyncWrapper) and the
 * accepted tasks, in completion order.
 */
import { type Actor, createActor, type InspectionEvent } from "xstate";
import type {
  ComputationEmitted,
  ComputationInput,
  ComputationOutput,
  DriverEvent,
  DriverInstruction,
  LogEvent,
} from "../../machines/computation.types.js";
import { errorJson } from "../../machines/reason.js";
import { AsyncWrapper } from "../events/async-wrapper.js";
import { createEvent } from "../events/create.js";
import type { ComputationEvent } from "../events/types.js";
import { toJsonValue } from "../json.js";
import { getLogger } from "../log/loggers.js";
import type { StorageProvider } from "../storage/index.js";
import type { Task, TaskBinding } from "../task.js";
import type { bindComputation } from "./bind.js";
import type { AgreementHistory } from "./negotiator.js";
import { TaskInput } from "./task-input.js";
import { WorkContext } from "./work-context.js";
import { type WorkerFunction, WorkerRunner } from "./worker-runner.js";

export type ComputationMachine = ReturnType<typeof bindComputation>;

export interface RunOptions<D, R> {
  machine: ComputationMachine;
  input: ComputationInput;
  worker: WorkerFunction<D, R>;
  data: Iterable<Task<D, R>> | AsyncIterable<Task<D, R>>;
  consumer: (event: ComputationEvent) => unknown;
  history: AgreementHistory;
  storage: () => Promise<StorageProvider>;
  streamOutput: boolean;
  /** Inspection of the actor system (tests record transition coverage with it). */
  inspect?: (event: InspectionEvent) => void;
  /** Runs once the machine ended, before `finished` resolves (closes connections, storage). */
  cleanup?: () => Promise<void>;
}

/**
 * A running computation.
 *
 * @example
 * const run = new ComputationRun(opts);
 * run.start();
 * for await (const task of run.accepted()) console.log(task.result);
 * const output = await run.finished;
 */
export class ComputationRun<D, R> {
  readonly actor: Actor<ComputationMachine>;
  /** Resolves with the machine's output once it ended and the log was drained. */
  readonly finished: Promise<ComputationOutput>;
  readonly #opts: RunOptions<D, R>;
  readonly #events: AsyncWrapper<[ComputationEvent]>;
  readonly #tasks = new Map<string, Task<D, R>>();
  readonly #workers = new Map<string, WorkerRunner<D, R>>();
  readonly #accepted: Task<D, R>[] = [];
  #wakeUp: (() => void) | undefined;
  readonly #input: TaskInput<D, R>;
  #done = false;

  constructor(opts: RunOptions<D, R>) {
    this.#opts = opts;
    this.#input = new TaskInput(opts.data, this.#tasks, (event) => this.send(event));
    this.#events = new AsyncWrapper(opts.consumer, {
      onError: (message, error) => getLogger("yatsapi.executor").error(message, { error }),
    });
    this.actor = createActor(opts.machine, {
      id: "computation",
      input: opts.input,
      ...(opts.inspect ? { inspect: opts.inspect } : {}),
    });
    this.actor.on("*", (event) => this.#onEmitted(event as ComputationEmitted));
    this.finished = new Promise<ComputationOutput>((resolve) => {
      const end = (output: ComputationOutput) => {
        this.#done = true;
        this.#wakeUp?.();
        void this.#events
          .stop()
          .then(() => opts.cleanup?.())
          .catch(() => undefined)
          .then(() => resolve(output));
      };
      this.actor.subscribe({
        complete: () => end(this.actor.getSnapshot().output ?? failure(new Error("no output"))),
        // An action that threw: nothing more will happen in the actor tree.
        error: (err) => end(failure(err)),
      });
    });
  }

  start(): void {
    this.actor.start();
  }

  /** Asks the root to cancel; it shuts down in order (terminate, pay, release). */
  cancel(reason: string): void {
    this.send({ type: "computation.cancel", reason });
  }

  send(event: DriverEvent): void {
    if (this.actor.getSnapshot().status === "active") this.actor.send(event);
  }

  /** Accepted tasks in completion order; ends when the computation has ended. */
  async *accepted(): AsyncGenerator<Task<D, R>> {
    for (;;) {
      const task = this.#accepted.shift();
      if (task) {
        yield task;
        continue;
      }
      if (this.#done) return;
      await new Promise<void>((wake) => {
        this.#wakeUp = wake;
      });
      this.#wakeUp = undefined;
    }
  }

  #onEmitted(emitted: ComputationEmitted): void {
    try {
      if (emitted.type.startsWith("driver.")) this.#onInstruction(emitted as DriverInstruction);
      else this.#log(emitted as LogEvent);
    } catch (err) {
      // A bug here must not vanish in xstate's handler: the computation fails with it.
      this.send({ type: "computation.fail", error: errorJson(err) });
    }
  }

  #log(emitted: LogEvent): void {
    const { type, ...fields } = emitted;
    const event = createEvent(type, fields as never);
    this.#opts.history.record(event);
    if (!this.#events.closed) this.#events.asyncCall(event);
    if (event.type === "TaskAccepted") {
      const task = this.#tasks.get(event.taskId);
      this.#tasks.delete(event.taskId);
      if (task) this.#accepted.push(task);
      this.#wakeUp?.();
    }
  }

  #onInstruction(e: DriverInstruction): void {
    switch (e.type) {
      case "driver.needTasks":
        void this.#input.read(e.count);
        break;
      case "driver.workerReady":
        this.#startWorker(e);
        break;
      case "driver.taskAssigned": {
        const task = this.#tasks.get(e.taskId);
        const runner = this.#workers.get(e.workerId);
        if (!task || !runner) return;
        // A task its previous worker held without a verdict is waiting again.
        if (task.status === "RUNNING") task.requeue();
        task.start(this.#binding(e.workerId));
        runner.deliverTask(task);
        break;
      }
      case "driver.noMoreTasks":
        this.#workers.get(e.workerId)?.endTasks();
        break;
      case "driver.batchFinished":
        this.#workers.get(e.workerId)?.batchOutcome(e.batchId, { kind: "finished", results: e.results });
        break;
      case "driver.batchFailed":
        this.#workers.get(e.workerId)?.batchOutcome(e.batchId, { kind: "failed", error: e.error });
        break;
      case "driver.workerStop":
        this.#workers.get(e.workerId)?.stop();
        break;
      case "driver.taskEnded":
        if (e.outcome === "failed") this.#tasks.get(e.taskId)?.giveUp(e.reason ?? "failed");
        if (e.outcome === "failed") this.#tasks.delete(e.taskId);
        break;
    }
  }

  #binding(workerId: string): TaskBinding<D, R> {
    return {
      accepted: (task) =>
        this.send({
          type: "worker.taskResult",
          workerId,
          taskId: task.id,
          accepted: true,
          result: toJsonValue(task.result),
        }),
      rejected: (task, retry) => {
        const reason = task.rejectReason ?? "rejected";
        this.send({ type: "worker.taskResult", workerId, taskId: task.id, accepted: false, reason, retry });
        return retry;
      },
    };
  }

  #startWorker(e: Extract<DriverInstruction, { type: "driver.workerReady" }>): void {
    const ctx = new WorkContext(
      {
        id: e.workerId,
        providerId: e.providerId,
        providerName: e.providerName,
        agreementId: e.agreementId,
        activityId: e.activityId,
      },
      {
        storage: this.#opts.storage,
        streamOutput: this.#opts.streamOutput,
        onDownload: (phase, path) =>
          this.send({ type: "worker.download", workerId: e.workerId, phase, path }),
      },
    );
    const runner = new WorkerRunner(
      ctx,
      this.#opts.worker,
      (event) => this.send(event),
      this.#opts.streamOutput,
    );
    this.#workers.set(e.workerId, runner);
    void runner.start().finally(() => this.#workers.delete(e.workerId));
  }
}

function failure(err: unknown): ComputationOutput {
  return {
    outcome: "failed",
    error: errorJson(err),
    tasksAccepted: 0,
    tasksFailed: 0,
    spent: "0",
    unpaidAgreements: [],
  };
}
