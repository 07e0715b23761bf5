import type { AgreementView, DevnetContext, Reason } from "../context.js";
import { maybeHttpFault } from "../faults.js";
import { HttpError } from "../http.js";
import { Notifier } from "../notifier.js";
import { canMove, moveTo } from "./agreement-states.js";
import type { Demands } from "./demands.js";
import type { AgreementRecord, AgreementState } from "./model.js";
import { prop } from "./properties.js";
import type { ProviderAgent } from "./provider-agent.js";
import type { MarketStore } from "./store.js";
import { longTimer } from "./timers.js";

/** Filters of `GET /agreements`. */
export interface AgreementFilter {
  state?: AgreementState;
  afterDate?: number;
  beforeDate?: number;
  appSessionId?: string;
}

const MULTI_ACTIVITY = "golem.srv.caps.multi-activity";

/**
 * The requestor's agreement operations (yagna-protocol.md 2.1, 2.5): create from a
 * provider's Draft, confirm, wait for approval, cancel, terminate. Agreements not
 * approved by their `validTo` become Expired.
 *
 * @example
 * const agreements = new Agreements(ctx, store, demands, agent);
 * const id = agreements.create(draftId, Date.now() + 3600_000);
 */
export class Agreements {
  constructor(
    private readonly ctx: DevnetContext,
    private readonly store: MarketStore,
    private readonly demands: Demands,
    private readonly agent: ProviderAgent,
  ) {}

  create(proposalId: string, validTo: number): string {
    const p = this.store.proposals.get(proposalId);
    const cant = `Can't create Agreement for`;
    if (!p) throw new HttpError(400, `${cant} Proposal [${proposalId}]. Proposal [${proposalId}] not found.`);
    if (p.issuer === "requestor") {
      throw new HttpError(
        400,
        `${cant} an own Proposal [${proposalId}]. You can promote only provider's Proposals to Agreement.`,
      );
    }
    if (p.state === "Initial") {
      throw new HttpError(
        400,
        `${cant} Proposal [${proposalId}]. No negotiation with Provider took place. (You should counter Proposal at least one time)`,
      );
    }
    if (p.state === "Rejected") throw new HttpError(400, `${cant} rejected Proposal [${proposalId}].`);
    if (p.state === "Accepted")
      throw new HttpError(409, `Can't create second Agreement for Proposal [${proposalId}].`);
    if (p.counteredBy !== undefined)
      throw new HttpError(400, `${cant} already countered Proposal [${proposalId}].`);
    const demand = p.demand;
    if (!this.demands.live(demand) && demand.status === "expired") {
      throw new HttpError(410, `Subscription [${demand.demandId}] expired.`);
    }
    const demandProposal = this.store.proposals.get(p.prevProposalId!)!;
    const now = this.ctx.clock.now();
    const a: AgreementRecord = {
      agreementId: this.ctx.ids.agreement(),
      demand,
      demandProposal,
      offerProposal: p,
      provider: p.offer.provider,
      validTo,
      createdAt: now,
      state: "Proposal",
      changed: new Notifier(),
      multiActivity:
        prop(demandProposal.properties, MULTI_ACTIVITY) === true &&
        prop(p.properties, MULTI_ACTIVITY) === true,
      liveActivities: 0,
      holdsSlot: false,
      timers: new Map(),
    };
    p.state = "Accepted";
    this.store.agreements.set(a.agreementId, a);
    // Wakes waiters when validTo passes; the state itself is checked on every read.
    a.timers.set(
      "validTo",
      longTimer(this.ctx.clock, () => this.#refresh(a), validTo - now + 1),
    );
    this.ctx.log(`market: agreement ${a.agreementId} created with ${a.provider.name}`);
    return a.agreementId;
  }

  /** An agreement with its state brought up to date, or a 404. */
  get(agreementId: string): AgreementRecord {
    return this.#refresh(this.store.agreement(agreementId));
  }

  list(filter: AgreementFilter): AgreementRecord[] {
    const out: AgreementRecord[] = [];
    for (const a of this.store.agreements.values()) {
      this.#refresh(a);
      if (filter.state !== undefined && a.state !== filter.state) continue;
      if (filter.afterDate !== undefined && !(a.createdAt > filter.afterDate)) continue;
      if (filter.beforeDate !== undefined && !(a.createdAt < filter.beforeDate)) continue;
      if (filter.appSessionId !== undefined && a.appSessionId !== filter.appSessionId) continue;
      out.push(a);
    }
    return out;
  }

  confirm(agreementId: string, appSessionId: string | undefined): void {
    const a = this.get(agreementId);
    moveTo(a, "Pending");
    if (appSessionId !== undefined) a.appSessionId = appSessionId;
    a.proposedSignature = "NoSignature";
    this.agent.confirmed(a);
  }

  /** Resolves when the provider approved; throws the daemon's 408/410/400 otherwise. */
  async wait(agreementId: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const a = this.get(agreementId);
    maybeHttpFault(a.provider);
    const settled = () => (this.#refresh(a).state === "Pending" ? undefined : a.state);
    const state = await a.changed.waitFor(settled, { timeoutMs, signal });
    switch (state) {
      case "Approved":
        return;
      case undefined:
      case "Pending":
        throw new HttpError(408, `Timeout while waiting for Agreement [${agreementId}] approval.`);
      case "Rejected":
      case "Cancelled":
        throw new HttpError(410, state);
      case "Expired":
        throw new HttpError(410, `Agreement [${agreementId}] expired.`);
      case "Proposal":
        throw new HttpError(
          400,
          `Agreement [${agreementId}] should be confirmed, before waiting for approval.`,
        );
      case "Terminated":
        throw new HttpError(400, `Agreement [${agreementId}] terminated.`);
    }
  }

  cancel(agreementId: string, reason: Reason | undefined): void {
    const a = this.get(agreementId);
    moveTo(a, "Cancelled");
    this.store.events.record(a, "AgreementCancelledEvent", this.ctx.clock.eventTime(), reason);
    this.agent.finished(a);
  }

  terminate(agreementId: string, reason: Reason | undefined): void {
    this.agent.terminate(this.get(agreementId), "Requestor", reason);
  }

  /** What `MarketPort.agreement` gives the other APIs. */
  view(agreementId: string): AgreementView | undefined {
    const a = this.store.agreements.get(agreementId);
    if (!a) return undefined;
    this.#refresh(a);
    const view: AgreementView = {
      agreementId: a.agreementId,
      state: a.state,
      provider: a.provider,
      requestorId: a.demandProposal.issuerId,
      demandProperties: a.demandProposal.properties,
      offerProperties: a.offerProposal.properties,
      createdAt: a.createdAt,
    };
    if (a.approvedAt !== undefined) view.approvedAt = a.approvedAt;
    if (a.appSessionId !== undefined) view.appSessionId = a.appSessionId;
    return view;
  }

  /** Agreements not approved in time expire, as the daemon's reads do. */
  #refresh(a: AgreementRecord): AgreementRecord {
    if (this.ctx.clock.now() > a.validTo && canMove(a, "Expired")) {
      moveTo(a, "Expired");
      this.agent.finished(a);
    }
    return a;
  }
}
