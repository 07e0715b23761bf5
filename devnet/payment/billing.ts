import type { DevnetContext, DevnetEvents } from "../context.js";
import type { Documents } from "./documents.js";
import { linearCost, Money, maxAmount } from "./money.js";
import { type BillingTerms, billingTerms, DEFAULT_INVOICE_DUE_SEC, formatDuration } from "./terms.js";

/** One activity's debit-note chain. */
interface Chain {
  activityId: string;
  agreementId: string;
  terms: BillingTerms;
  notes: string[];
  lastCost: Money;
  /** When the last payable note was sent (the activity's start before the first). */
  lastPayableMs: number;
  timer?: NodeJS.Timeout;
  /** Seen on `activity.created`, so its `activity.ended` will come with the final usage. */
  announced: boolean;
  /** Set once the activity ended: its final cost. */
  finalCost?: Money;
}

/** An agreement as its provider bills it. */
interface Billed {
  activities: string[];
  terminated: boolean;
  invoiced: boolean;
}

/**
 * What simulated providers do about money (yagna-protocol.md 7.3-7.5): one debit-note
 * chain per activity at `agreement.createdAt + k * interval` while it runs and a final
 * note when it ends; termination when an agreed acceptance deadline is missed; exactly
 * one invoice per agreement once it is terminated and all its activities have ended.
 *
 * @example
 * const billing = new ProviderBilling(ctx, documents);
 * billing.start(); // listens on ctx.bus
 */
export class ProviderBilling {
  readonly #chains = new Map<string, Chain>();
  readonly #agreements = new Map<string, Billed>();
  #stopped = false;

  readonly #onCreated = (e: DevnetEvents["activity.created"][0]) =>
    this.#guard(() => this.#started(e.activityId, e.agreementId));
  readonly #onEnded = (e: DevnetEvents["activity.ended"][0]) =>
    this.#guard(() => this.#ended(e.activityId, e.agreementId, e.usage));
  readonly #onTerminated = (e: DevnetEvents["agreement.terminated"][0]) =>
    this.#guard(() => this.#terminated(e.agreementId));

  constructor(
    private readonly ctx: DevnetContext,
    private readonly documents: Documents,
  ) {}

  start(): void {
    this.ctx.bus.on("activity.created", this.#onCreated);
    this.ctx.bus.on("activity.ended", this.#onEnded);
    this.ctx.bus.on("agreement.terminated", this.#onTerminated);
  }

  stop(): void {
    this.#stopped = true;
    this.ctx.bus.off("activity.created", this.#onCreated);
    this.ctx.bus.off("activity.ended", this.#onEnded);
    this.ctx.bus.off("agreement.terminated", this.#onTerminated);
    for (const c of this.#chains.values()) this.ctx.clock.clearTimeout(c.timer);
  }

  /** Bus listeners run inside other modules' calls: a billing bug must not break them. */
  #guard(fn: () => void): void {
    if (this.#stopped) return;
    try {
      fn();
    } catch (err) {
      this.ctx.log(`devnet: payment: ${(err as Error).stack ?? err}`);
    }
  }

  #billed(agreementId: string): Billed {
    let b = this.#agreements.get(agreementId);
    if (!b) {
      b = { activities: [], terminated: false, invoiced: false };
      this.#agreements.set(agreementId, b);
    }
    return b;
  }

  #chain(activityId: string, agreementId: string): Chain | undefined {
    const existing = this.#chains.get(activityId);
    if (existing) return existing;
    const agreement = this.ctx.market.agreement(agreementId);
    if (!agreement) return undefined;
    const chain: Chain = {
      activityId,
      agreementId,
      terms: billingTerms(agreement),
      notes: [],
      lastCost: new Money(0),
      lastPayableMs: this.ctx.clock.now(),
      announced: false,
    };
    this.#chains.set(activityId, chain);
    const billed = this.#billed(agreementId);
    if (!billed.activities.includes(activityId)) billed.activities.push(activityId);
    return chain;
  }

  #started(activityId: string, agreementId: string): void {
    const chain = this.#chain(activityId, agreementId);
    if (!chain) return;
    chain.announced = true;
    this.#schedule(chain);
  }

  /** Arms the next periodic note at the next `createdAt + k * interval` instant. */
  #schedule(chain: Chain): void {
    const agreement = this.ctx.market.agreement(chain.agreementId);
    if (!agreement || chain.finalCost !== undefined || this.#stopped) return;
    const interval = chain.terms.intervalSec * 1000;
    const now = this.ctx.clock.now();
    const k = Math.floor((now - agreement.createdAt) / interval) + 1;
    const at = agreement.createdAt + k * interval;
    chain.timer = this.ctx.clock.setTimeout(() => this.#guard(() => this.#tick(chain)), at - now);
  }

  #tick(chain: Chain): void {
    chain.timer = undefined;
    if (chain.finalCost !== undefined) return;
    const agreement = this.ctx.market.agreement(chain.agreementId);
    if (agreement?.state !== "Approved" || !this.ctx.activity.isLive(chain.activityId)) return;
    this.#issue(chain, this.ctx.activity.usage(chain.activityId) ?? [], false);
    this.#schedule(chain);
  }

  #ended(activityId: string, agreementId: string, usage: number[]): void {
    const chain = this.#chain(activityId, agreementId);
    if (!chain || chain.finalCost !== undefined) return;
    this.#finish(chain, usage);
    this.#maybeInvoice(agreementId);
  }

  /** The activity is over: its final note goes out at once and its cost is settled. */
  #finish(chain: Chain, usage: number[]): void {
    this.ctx.clock.clearTimeout(chain.timer);
    chain.timer = undefined;
    chain.finalCost = this.#issue(chain, usage, true);
  }

  /** Computes the cumulative cost, and sends a note unless the provider is set to send none. */
  #issue(chain: Chain, usage: number[], final: boolean): Money {
    const cost = maxAmount(linearCost(chain.terms.coeffs, usage), chain.lastCost);
    chain.lastCost = cost;
    const agreement = this.ctx.market.agreement(chain.agreementId);
    if (!agreement || agreement.provider.config.faults.noDebitNotes) return cost;
    const now = this.ctx.clock.now();
    const { paymentTimeoutSec, acceptTimeoutSec } = chain.terms;
    let paymentDueDateMs: number | undefined;
    if (paymentTimeoutSec !== undefined && (final || now - chain.lastPayableMs >= paymentTimeoutSec * 1000)) {
      paymentDueDateMs = now + paymentTimeoutSec * 1000;
      chain.lastPayableMs = now;
    }
    const note = this.documents.receiveDebitNote({
      ...chain.terms.parties,
      previousDebitNoteId: chain.notes[chain.notes.length - 1],
      activityId: chain.activityId,
      totalAmountDue: cost,
      usageCounterVector: [...usage],
      paymentDueDateMs,
    });
    chain.notes.push(note.debitNoteId);
    if (acceptTimeoutSec !== undefined) {
      const index = chain.notes.length - 1;
      this.ctx.clock.setTimeout(
        () => this.#guard(() => this.#deadline(chain, index)),
        acceptTimeoutSec * 1000,
      );
    }
    return cost;
  }

  /** A note, and every later one of its chain, left unaccepted past the deadline breaks the agreement. */
  #deadline(chain: Chain, index: number): void {
    const agreement = this.ctx.market.agreement(chain.agreementId);
    if (agreement?.state !== "Approved") return;
    const accepted = chain.notes.slice(index).some((id) => {
      const status = this.documents.debitNote(id)?.status;
      return status === "ACCEPTED" || status === "SETTLED";
    });
    if (accepted) return;
    this.ctx.market.terminateByProvider(chain.agreementId, {
      message: `Requestor isn't accepting DebitNotes in time (${formatDuration(chain.terms.acceptTimeoutSec ?? 0)})`,
      "golem.provider.code": "DebitNotesDeadline",
    });
  }

  #terminated(agreementId: string): void {
    this.#billed(agreementId).terminated = true;
    this.#maybeInvoice(agreementId);
  }

  /** Sends the invoice once the agreement is closed and every activity's final cost is known. */
  #maybeInvoice(agreementId: string): void {
    const billed = this.#billed(agreementId);
    if (!billed.terminated || billed.invoiced) return;
    const agreement = this.ctx.market.agreement(agreementId);
    if (!agreement) return;
    const ids = [...billed.activities];
    for (const id of this.ctx.activity.activitiesOf(agreementId)) if (!ids.includes(id)) ids.push(id);
    let amount = new Money(0);
    for (const id of ids) {
      const chain = this.#chain(id, agreementId);
      if (!chain) return;
      if (chain.finalCost === undefined) {
        // Running or shutting down: its activity.ended will bring us back here.
        if (chain.announced || this.ctx.activity.isLive(id)) return;
        this.#finish(chain, this.ctx.activity.usage(id) ?? []);
      }
      amount = amount.plus(chain.finalCost ?? 0);
    }
    billed.invoiced = true;
    if (agreement.provider.config.faults.noInvoice) return;
    const terms = billingTerms(agreement);
    this.documents.receiveInvoice({
      ...terms.parties,
      activityIds: ids,
      amount,
      paymentDueDateMs: this.ctx.clock.now() + (terms.paymentTimeoutSec ?? DEFAULT_INVOICE_DUE_SEC) * 1000,
    });
  }
}
