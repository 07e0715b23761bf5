import type winston from "winston";
import type { ComputationEvent } from "../events/types.js";
import { getLogger } from "./loggers.js";
import { providerRepr, providerTable } from "./provider-table.js";
import { computationSummary, expirationWarning, noProposalsWarning } from "./summary-messages.js";
import { ComputationSummary, ProviderCosts, reasonOf } from "./summary-state.js";
import { pluralize } from "./text.js";

/**
 * An event consumer. `time` (epoch ms) is when the event happened: given when events are
 * replayed from a file, so that durations come out as they were; else it is "now".
 */
export type EventConsumer = (event: ComputationEvent, time?: number) => unknown;

/** The summary's logger name (yapapi's `yapapi.summary`). */
export const SUMMARY_LOGGER = "yatsapi.summary";

/** Options of `SummaryLogger`. */
export interface SummaryLoggerOptions {
  /** Where the summary goes; default: the `yatsapi.summary` logger (see `enableDefaultLogger`). */
  logger?: winston.Logger;
  /** The clock for events that come without a time; default `Date.now`. */
  now?: () => number;
}

/**
 * yapapi's `SummaryLogger` (0.5.5 messages) and more: it reads a computation's events and
 * logs what a user wants to know: proposals and agreements, tasks sent and computed,
 * activity failures, invoices accepted, how the computation ended with a summary per
 * provider, and at shutdown a table of tasks, failures and cost per provider and the total
 * cost. When no provider is found it also tells why offers were rejected, by cause.
 * `log` is the consumer; it first hands each event to `wrapped`. An internal error (an
 * event about an agreement or task it never saw) is logged once and stops the summary.
 *
 * @example
 * const summary = new SummaryLogger(logEvent);
 * const executor = new Executor({ ...options, eventConsumer: summary.log });
 */
export class SummaryLogger {
  readonly #wrapped: EventConsumer | null;
  readonly #logger: winston.Logger | null;
  readonly #now: () => number;
  readonly #costs = new ProviderCosts();
  #state: ComputationSummary;
  #broken = false;

  constructor(wrapped: EventConsumer | null = null, options: SummaryLoggerOptions = {}) {
    if (wrapped !== null && typeof wrapped !== "function")
      throw new TypeError("SummaryLogger(): wrapped must be an event consumer (a function) or null");
    this.#wrapped = wrapped;
    this.#logger = options.logger ?? null;
    this.#now = options.now ?? Date.now;
    this.#state = new ComputationSummary(this.#now());
  }

  /** The consumer: forwards `event` to the wrapped consumer (returning what it returns), then logs. */
  readonly log = (event: ComputationEvent, time?: number): unknown => {
    const at = time ?? this.#now();
    const result = this.#wrapped?.(event, at);
    if (this.#broken) return result;
    try {
      this.#handle(event, at);
    } catch (error) {
      this.#broken = true;
      const stack = error instanceof Error ? error.stack : String(error);
      this.#out().error("SummaryLogger entered invalid state", { stack });
    }
    return result;
  };

  #out(): winston.Logger {
    return this.#logger ?? getLogger(SUMMARY_LOGGER);
  }

  #handle(event: ComputationEvent, at: number): void {
    const out = this.#out();
    const s = this.#state;
    switch (event.type) {
      case "ComputationStarted": {
        this.#state = new ComputationSummary(at);
        if (this.#costs.size > 0) out.info(`The cost so far: ${this.#costs.total().toFixed()}`);
        const warning = expirationWarning(event.expires - at);
        if (warning) out.warn(warning);
        return;
      }
      case "ProposalReceived":
        s.receivedProposals.set(event.propId, event.providerId);
        return;
      case "ProposalRejected":
        s.rejections.add(event, s.receivedProposals.get(event.propId) ?? null);
        return;
      case "ProposalConfirmed":
        s.confirmedProviders.add(s.proposalIssuer(event.propId));
        out.info(`Received proposals from ${pluralize(s.confirmedProviders.size, "provider")} so far`);
        return;
      case "NoProposalsConfirmed": {
        s.waitingForProposalsMs += event.timeout;
        out.warn(noProposalsWarning(event.numOffers, s.waitingForProposalsMs));
        for (const line of s.rejections.lines()) out.warn(line);
        return;
      }
      case "AgreementCreated": {
        const info = event.providerInfo;
        const provider = s.addAgreement(event.agrId, {
          id: event.providerId,
          name: info.name ?? event.providerId,
          subnetTag: info.subnetTag ?? null,
        });
        out.info(`Agreement proposed to provider '${provider.name}'`);
        return;
      }
      case "AgreementConfirmed":
        out.info(`Agreement confirmed by provider '${s.provider(event.agrId).name}'`);
        s.confirmedAgreements.add(event.agrId);
        return;
      case "TaskStarted":
        s.taskData.set(event.taskId, event.taskData);
        return;
      case "ScriptSent":
        out.info(
          `Task sent to provider '${s.provider(event.agrId).name}', task data: ${s.taskText(event.taskId)}`,
        );
        return;
      case "ScriptFinished": {
        const provider = s.provider(event.agrId);
        out.info(`Task computed by provider '${provider.name}', task data: ${s.taskText(event.taskId)}`);
        if (event.taskId !== null)
          s.providerTasks.set(provider, [...(s.providerTasks.get(provider) ?? []), event.taskId]);
        return;
      }
      case "PaymentAccepted": {
        const provider = s.provider(event.agrId);
        const cost = this.#costs.add(provider, event.amount);
        out.info(`Accepted invoice from '${provider.name}', amount: ${cost.toFixed()}`);
        return;
      }
      case "PaymentFailed": {
        const provider = s.provider(event.agrId);
        out.error(
          `Failed to accept an invoice or a debit note from '${providerRepr(provider)}', ` +
            `reason: ${reasonOf(event.excInfo)}`,
        );
        return;
      }
      case "WorkerFinished": {
        if (event.excInfo === null || s.cancelled) return;
        const provider = s.provider(event.agrId);
        s.providerFailures.set(provider, (s.providerFailures.get(provider) ?? 0) + 1);
        out.warn(`Activity failed on provider '${provider.name}', reason: ${reasonOf(event.excInfo)}`);
        return;
      }
      case "ComputationFinished": {
        const error = event.excInfo;
        if (error === null) out.info(`Computation finished in ${((at - s.startTime) / 1000).toFixed(1)}s`);
        else if (error.name === "CancelledError") {
          s.cancelled = true;
          out.warn("Computation cancelled");
        } else {
          out.error(
            `Computation failed, reason: ${reasonOf(error)}`,
            error.stack ? { stack: error.stack } : {},
          );
        }
        for (const [level, message] of computationSummary(s)) out.log(level, message);
        return;
      }
      case "AgreementTerminated":
        if (event.reason["golem.requestor.code"] !== "Success")
          out.info(`Terminated agreement with ${s.provider(event.agrId).name}`);
        return;
      case "ShutdownFinished": {
        for (const line of providerTable(this.#costs.rows(s))) out.info(line);
        out.info(`Total cost: ${this.#costs.total().toFixed()}`);
        this.#costs.clear();
        if (event.excInfo) out.error(`Error when shutting down Executor: ${reasonOf(event.excInfo)}`);
        else out.info("Executor has shut down");
        return;
      }
      default:
        return;
    }
  }
}

/**
 * yapapi's `log_summary`: a `SummaryLogger`'s consumer, forwarding to `wrapped` first.
 *
 * @example
 * const executor = new Executor({ ...options, eventConsumer: logSummary() });
 */
export function logSummary(
  wrapped: EventConsumer | null = null,
  options: SummaryLoggerOptions = {},
): EventConsumer {
  return new SummaryLogger(wrapped, options).log;
}
