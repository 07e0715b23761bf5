import { Decimal } from "decimal.js";
import type { ErrorInfo } from "../events/exc-info.js";
import type { JsonValue } from "../json.js";
import { type ProviderRow, providerKey, type SummaryProvider } from "./provider-table.js";
import { RejectionTally } from "./rejections.js";
import { strCapped } from "./text.js";

/** yapapi's cap on task data in the summary's lines. */
const TASK_DATA_MAX_LEN = 200;

/**
 * yapapi's reason text of an error: its message, else its repr, else "unexpected error".
 *
 * @example
 * reasonOf(errorInfo(new Error("boom"))); // "boom"
 * reasonOf(errorInfo(new RangeError(""))); // "RangeError()"
 */
export function reasonOf(error: ErrorInfo | null): string {
  if (error?.message) return error.message;
  return error?.name ? `${error.name}()` : "unexpected error";
}

/**
 * What the summary knows of one computation (reset by each `ComputationStarted`): who
 * offered and confirmed, the agreements and their providers, task data, tasks computed
 * and failures per provider, and rejected offers by cause. Lookups of agreements, tasks
 * and proposals it never saw throw, as yapapi's did, which puts the summary in its
 * invalid state.
 *
 * @example
 * const state = new ComputationSummary(Date.now());
 * state.addAgreement("agr-1", { id: "0xab", name: "node-1", subnetTag: "public" });
 * state.provider("agr-1").name; // "node-1"
 */
export class ComputationSummary {
  readonly receivedProposals = new Map<string, string>();
  readonly confirmedProviders = new Set<string>();
  readonly agreementProviders = new Map<string, SummaryProvider>();
  readonly confirmedAgreements = new Set<string>();
  readonly taskData = new Map<string, JsonValue>();
  /**
   * Task ids per provider, one per `ScriptFinished` (so a task may appear twice), in the
   * order providers first computed one. Providers are the objects `addAgreement` returns:
   * one per distinct provider, so they serve as keys.
   */
  readonly providerTasks = new Map<SummaryProvider, string[]>();
  /** Activity failures per provider, in the order of the first failure. */
  readonly providerFailures = new Map<SummaryProvider, number>();
  readonly rejections = new RejectionTally();
  readonly #providers = new Map<string, SummaryProvider>();
  cancelled = false;
  waitingForProposalsMs = 0;

  constructor(readonly startTime: number) {}

  /** Registers the provider of an agreement (the same object for equal providers). */
  addAgreement(agrId: string, provider: SummaryProvider): SummaryProvider {
    const key = providerKey(provider);
    const known = this.#providers.get(key) ?? provider;
    this.#providers.set(key, known);
    this.agreementProviders.set(agrId, known);
    return known;
  }

  provider(agrId: string): SummaryProvider {
    const p = this.agreementProviders.get(agrId);
    if (!p) throw new Error(`no AgreementCreated seen for agreement ${agrId}`);
    return p;
  }

  proposalIssuer(propId: string): string {
    const issuer = this.receivedProposals.get(propId);
    if (issuer === undefined) throw new Error(`no ProposalReceived seen for proposal ${propId}`);
    return issuer;
  }

  /** A task's data as the summary's lines show it; `<initialization>` for no task. */
  taskText(taskId: string | null): string {
    if (taskId === null) return "<initialization>";
    if (!this.taskData.has(taskId)) throw new Error(`no TaskStarted seen for task ${taskId}`);
    return strCapped(this.taskData.get(taskId), TASK_DATA_MAX_LEN);
  }

  /** The providers of this computation's agreements, each once, in order of agreement. */
  providers(): SummaryProvider[] {
    return [...new Set(this.agreementProviders.values())];
  }

  /** Distinct tasks a provider computed. */
  distinctTasks(p: SummaryProvider): number {
    return new Set(this.providerTasks.get(p)).size;
  }
}

/**
 * What each provider was paid, summed over computations until the executor shuts down
 * (yapapi's `provider_cost`), in exact decimals.
 *
 * @example
 * const costs = new ProviderCosts();
 * costs.add(provider, "0.1");
 * costs.add(provider, "0.2").toFixed(); // "0.3"
 */
export class ProviderCosts {
  readonly #costs = new Map<string, { provider: SummaryProvider; cost: Decimal }>();

  get size(): number {
    return this.#costs.size;
  }

  /** Adds a payment; returns the provider's cost so far. */
  add(provider: SummaryProvider, amount: string): Decimal {
    const key = providerKey(provider);
    const cost = (this.#costs.get(key)?.cost ?? new Decimal(0)).plus(amount);
    this.#costs.set(key, { provider, cost });
    return cost;
  }

  total(): Decimal {
    let sum = new Decimal(0);
    for (const { cost } of this.#costs.values()) sum = sum.plus(cost);
    return sum;
  }

  clear(): void {
    this.#costs.clear();
  }

  /** One row per provider of the computation, then any other provider that was paid. */
  rows(state: ComputationSummary): ProviderRow[] {
    const providers = state.providers();
    const keys = new Set(providers.map(providerKey));
    for (const { provider } of this.#costs.values())
      if (!keys.has(providerKey(provider))) providers.push(provider);
    return providers.map((provider) => ({
      provider,
      tasks: state.distinctTasks(provider),
      failures: state.providerFailures.get(provider) ?? 0,
      cost: this.#costs.get(providerKey(provider))?.cost ?? new Decimal(0),
    }));
  }
}
