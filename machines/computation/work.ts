/**
 * One step of the root's bookkeeping: a copy of the context to change, and the effects
 * (emits, sends, spawns, stops) to run after it. The handlers in this folder are plain
 * functions over a `Work`, so the machine file only says which one runs where, and the
 * bookkeeping reads top to bottom instead of through chains of assign/sendTo actions.
 * A `Work` lives for one action only; nothing of it is kept in context.
 */
import type { AnyEventObject } from "xstate";
import type { ActivityInput } from "../activity.types.js";
import type { AgreementInput } from "../agreement.types.js";
import type {
  AgreementInfo,
  ComputationContext,
  ComputationEmitted,
  ErrorJson,
  PaymentInfo,
  Reason,
  TaskInfo,
  WorkerInfo,
} from "../computation.types.js";
import type { PaymentInput } from "../payment.types.js";
import type { TaskInput } from "../task.machine.js";

/** What a step asks the machine to do once its context is updated. */
export type Effect =
  | { kind: "emit"; event: ComputationEmitted }
  | { kind: "send"; to: string; event: AnyEventObject }
  | { kind: "stop"; id: string }
  | { kind: "raise" }
  | { kind: "spawnAgreement"; id: string; input: AgreementInput }
  | { kind: "spawnActivity"; id: string; input: ActivityInput }
  | { kind: "spawnTask"; id: string; input: TaskInput }
  | { kind: "spawnPayment"; id: string; input: PaymentInput };

/**
 * Child ids, as the contracts name them.
 *
 * @example
 * childId.agreement("p1"); // "agreement:p1"
 */
export const childId = {
  agreement: (proposalId: string) => `agreement:${proposalId}`,
  activity: (agreementId: string) => `activity:${agreementId}`,
  task: (taskId: string) => `task:${taskId}`,
  payment: (agreementId: string) => `payment:${agreementId}`,
};

/**
 * The context being changed, plus the effects of the change.
 *
 * @example
 * const w = new Work(context);
 * w.setTask("7", { workerId: "worker-1" });
 * w.emit({ type: "driver.taskAssigned", workerId: "worker-1", taskId: "7" });
 * enqueue.assign(w.patch()); // then run w.effects
 */
export class Work {
  readonly effects: Effect[] = [];
  readonly #changed = new Set<keyof ComputationContext>();
  readonly ctx: ComputationContext;

  constructor(context: ComputationContext) {
    this.ctx = { ...context };
  }

  /** The changed top-level fields. */
  patch(): Partial<ComputationContext> {
    const out: Partial<ComputationContext> = {};
    for (const key of this.#changed) (out as Record<string, unknown>)[key] = this.ctx[key];
    return out;
  }

  set<K extends keyof ComputationContext>(key: K, value: ComputationContext[K]): void {
    this.ctx[key] = value;
    this.#changed.add(key);
  }

  emit(event: ComputationEmitted): void {
    this.effects.push({ kind: "emit", event });
  }

  /**
   * Sends to a child. xstate throws (and the root would fail) when the child does not
   * exist, so a send to a child the context no longer tracks is dropped: it ended.
   */
  send(to: string, event: AnyEventObject): void {
    if (this.#alive(to)) this.effects.push({ kind: "send", to, event });
  }

  #alive(id: string): boolean {
    const [kind, key = ""] = [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)];
    const { ctx } = this;
    if (kind === "task") return ctx.tasks[key] !== undefined;
    if (kind === "agreement") return ctx.agreements[key] !== undefined;
    if (kind === "activity") return Object.values(ctx.workers).some((w) => w.agreementId === key);
    if (kind === "payment")
      return ctx.payments[key] !== undefined && ctx.payments[key]?.outcome === undefined;
    return true;
  }

  stop(id: string): void {
    this.effects.push({ kind: "stop", id });
  }

  spawn(effect: Exclude<Effect, { kind: "emit" | "send" | "stop" | "raise" }>): void {
    this.effects.push(effect);
  }

  setWorker(id: string, patch: Partial<WorkerInfo> | null): void {
    this.set("workers", update(this.ctx.workers, id, patch));
  }

  setAgreement(proposalId: string, patch: Partial<AgreementInfo> | null): void {
    this.set("agreements", update(this.ctx.agreements, proposalId, patch));
  }

  setTask(id: string, patch: Partial<TaskInfo> | null): void {
    this.set("tasks", update(this.ctx.tasks, id, patch));
  }

  setPayment(agreementId: string, patch: Partial<PaymentInfo> | null): void {
    this.set("payments", update(this.ctx.payments, agreementId, patch));
  }

  /** The agreement (keyed by proposal id) with this agreement id. */
  agreementByAgreementId(agreementId: string): [string, AgreementInfo] | undefined {
    return Object.entries(this.ctx.agreements).find(([, a]) => a.agreementId === agreementId);
  }

  /** The worker running on this agreement. */
  workerByAgreementId(agreementId: string): WorkerInfo | undefined {
    return Object.values(this.ctx.workers).find((w) => w.agreementId === agreementId);
  }

  workerByActivityId(activityId: string): WorkerInfo | undefined {
    return Object.values(this.ctx.workers).find((w) => w.activityId === activityId);
  }

  /** Asks for the rest of the work to be reconsidered once this step is applied. */
  changed(): void {
    if (!this.effects.some((e) => e.kind === "raise")) this.effects.push({ kind: "raise" });
  }
}

/**
 * A record with one entry replaced (merged with `patch`), added, or removed (`null`).
 * Entries that exist are merged; missing ones are created from `patch` as it is.
 */
function update<T>(record: Record<string, T>, key: string, patch: Partial<T> | null): Record<string, T> {
  const next = { ...record };
  if (patch === null) delete next[key];
  else next[key] = { ...(next[key] as T), ...patch } as T;
  return next;
}

/**
 * An `ErrorJson` as the event catalogue carries errors (`ErrorInfo`: no stack crosses the
 * actor boundary).
 *
 * @example
 * errorInfoOf({ name: "TimeoutError", message: "Computation timed out" });
 */
export function errorInfoOf(error: ErrorJson): { name: string; message: string; stack: null; code: null } {
  return { name: error.name, message: error.message, stack: null, code: null };
}

/**
 * A reason (agreement or activity end) as an error.
 *
 * @example
 * errorOfReason({ message: "Activity crashed", error: "ActivityTerminatedError" }); // { name: "ActivityTerminatedError", ... }
 */
export function errorOfReason(reason: Reason | undefined, fallback: string): ErrorJson {
  if (!reason) return { name: "Error", message: fallback };
  const name = typeof reason.error === "string" && reason.error ? reason.error : "Error";
  return { name, message: reason.message };
}
