import { Decimal } from "decimal.js";
import type { ComputationEvent } from "../events/types.js";

/** What a progress display shows at one moment. */
export interface ProgressSnapshot {
  /** Tasks accepted. */
  readonly done: number;
  /** Tasks submitted, when known. */
  readonly total: number | null;
  /** Tasks started on a provider and not yet accepted, rejected or dropped. */
  readonly running: number;
  /** Starts of a task that had been started before (after a rejection or a lost worker). */
  readonly retries: number;
  /** Providers that confirmed an agreement. */
  readonly providers: number;
  /** Per agreement, the accepted invoice, else the latest debit note; summed. */
  readonly cost: Decimal;
  /** Milliseconds since the computation (or the first event) started. */
  readonly elapsedMs: number;
  /** Milliseconds left at the pace so far; null before the first task is done or without a total. */
  readonly etaMs: number | null;
}

/**
 * The numbers of a progress bar, kept up to date from a computation's events: tasks done
 * of the total, running, retried; providers at work; cost so far (debit notes while an
 * agreement runs, its invoice once paid); an ETA from the pace so far.
 *
 * @example
 * const state = new ProgressState(12);
 * state.update({ type: "TaskAccepted", taskId: "1", result: null }, Date.now());
 * state.snapshot(Date.now()).done; // 1
 */
export class ProgressState {
  #total: number | null;
  #startedAt: number | null = null;
  #done = 0;
  #retries = 0;
  readonly #everStarted = new Set<string>();
  /** Running task -> its agreement, so that a finished worker drops its task. */
  readonly #running = new Map<string, string>();
  readonly #providerOf = new Map<string, string>();
  readonly #providers = new Set<string>();
  readonly #costs = new Map<string, { amount: Decimal; final: boolean }>();

  constructor(total: number | null = null) {
    if (total !== null && (!Number.isInteger(total) || total < 0))
      throw new RangeError(
        `ProgressState(): total must be a whole number >= 0 or null, got ${String(total)}`,
      );
    this.#total = total;
  }

  /** Sets (or learns) the number of tasks. */
  set total(total: number | null) {
    this.#total = total;
  }

  /** Takes one event that happened at `at` (epoch ms). */
  update(event: ComputationEvent, at: number): void {
    this.#startedAt ??= at;
    switch (event.type) {
      case "ComputationStarted":
        this.#startedAt = at;
        return;
      case "AgreementCreated":
        this.#providerOf.set(event.agrId, event.providerId);
        return;
      case "AgreementConfirmed":
        this.#providers.add(this.#providerOf.get(event.agrId) ?? event.agrId);
        return;
      case "TaskStarted":
        if (this.#everStarted.has(event.taskId)) this.#retries++;
        this.#everStarted.add(event.taskId);
        this.#running.set(event.taskId, event.agrId);
        return;
      case "TaskAccepted":
        this.#running.delete(event.taskId);
        this.#done++;
        return;
      case "TaskRejected":
        this.#running.delete(event.taskId);
        return;
      case "WorkerFinished":
        for (const [task, agreement] of this.#running)
          if (agreement === event.agrId) this.#running.delete(task);
        return;
      case "DebitNoteReceived": {
        const known = this.#costs.get(event.agrId);
        if (!known?.final) this.#costs.set(event.agrId, { amount: new Decimal(event.amount), final: false });
        return;
      }
      case "PaymentAccepted":
        this.#costs.set(event.agrId, { amount: new Decimal(event.amount), final: true });
        return;
      default:
        return;
    }
  }

  /** The numbers at `now` (epoch ms). */
  snapshot(now: number): ProgressSnapshot {
    const elapsedMs = this.#startedAt === null ? 0 : Math.max(0, now - this.#startedAt);
    let cost = new Decimal(0);
    for (const { amount } of this.#costs.values()) cost = cost.plus(amount);
    const total = this.#total;
    const etaMs =
      total === null || this.#done === 0 ? null : (elapsedMs / this.#done) * Math.max(0, total - this.#done);
    return {
      done: this.#done,
      total,
      running: this.#running.size,
      retries: this.#retries,
      providers: this.#providers.size,
      cost,
      elapsedMs,
      etaMs,
    };
  }
}
