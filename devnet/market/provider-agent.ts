import type { DevnetContext, Reason } from "../context.js";
import { canMove, moveTo } from "./agreement-states.js";
import { chronoUtc } from "./format.js";
import type { AgreementRecord } from "./model.js";
import type { Negotiations } from "./negotiations.js";
import { prop } from "./properties.js";
import { negotiateStep } from "./provider-negotiator.js";
import type { MarketStore } from "./store.js";
import { longTimer } from "./timers.js";

const FINAL = "golem.proposal.rejection.is-final";
/** The daemon refuses to approve an agreement this close to its validTo (ms). */
const APPROVAL_MARGIN_MS = 30;

/**
 * What the simulated providers do with agreements (yagna-protocol.md 7.1, 7.2):
 * approve a confirmed agreement when their checks pass (after `approveDelayMs`, never
 * with `neverApprove`), and end approved ones when idle, expired, or done.
 *
 * @example
 * const agent = new ProviderAgent(ctx, store, negotiations);
 * const stopListening = agent.listen();
 * agent.confirmed(agreement);
 */
export class ProviderAgent {
  constructor(
    private readonly ctx: DevnetContext,
    private readonly store: MarketStore,
    private readonly negotiations: Negotiations,
  ) {}

  /** Follows activities on the bus (idle timer, single-activity agreements). */
  listen(): () => void {
    const created = ({ agreementId }: { agreementId: string }) => {
      const a = this.store.agreements.get(agreementId);
      if (a?.state !== "Approved") return;
      a.liveActivities++;
      a.timers.get("idle")?.cancel();
      a.timers.delete("idle");
    };
    const ended = ({ agreementId }: { agreementId: string }) => {
      const a = this.store.agreements.get(agreementId);
      if (a?.state !== "Approved") return;
      a.liveActivities = Math.max(0, a.liveActivities - 1);
      if (!a.multiActivity) {
        this.terminate(a, "Provider", {
          message: "Finished with success.",
          "golem.provider.code": "Success",
        });
      } else if (a.liveActivities === 0) {
        this.#armIdle(a);
      }
    };
    this.ctx.bus.on("activity.created", created);
    this.ctx.bus.on("activity.ended", ended);
    return () => {
      this.ctx.bus.off("activity.created", created);
      this.ctx.bus.off("activity.ended", ended);
    };
  }

  /** The requestor confirmed: the provider decides on its next tick. */
  confirmed(a: AgreementRecord): void {
    a.timers.set(
      "decide",
      longTimer(this.ctx.clock, () => this.#decide(a), 0),
    );
  }

  /** Ends an Approved agreement (either side); throws the daemon's 409/410 otherwise. */
  terminate(a: AgreementRecord, terminator: "Requestor" | "Provider", reason: Reason | undefined): void {
    moveTo(a, "Terminated");
    a.terminatedEvent = this.store.events.record(
      a,
      "AgreementTerminatedEvent",
      this.ctx.clock.eventTime(),
      reason,
      terminator,
    );
    this.ctx.log(
      `market: agreement ${a.agreementId} terminated by ${terminator}: ${reason?.message ?? "no reason"}`,
    );
    this.ctx.bus.emit(
      "agreement.terminated",
      reason
        ? { agreementId: a.agreementId, terminator, reason }
        : { agreementId: a.agreementId, terminator },
    );
    this.negotiations.regenerate(a.demand, a.offerProposal.offer);
    this.finished(a);
  }

  /** The provider ends an agreement it runs, if it still runs it. */
  providerTerminates(a: AgreementRecord, reason: Reason): void {
    if (canMove(a, "Terminated")) this.terminate(a, "Provider", reason);
  }

  /** The agreement is over for the provider: timers stop and its slot is free again. */
  finished(a: AgreementRecord): void {
    for (const t of a.timers.values()) t.cancel();
    a.timers.clear();
    if (this.store.releaseSlot(a)) this.negotiations.renegotiate(a.offerProposal.offer);
  }

  #decide(a: AgreementRecord): void {
    a.timers.delete("decide");
    if (a.state !== "Pending") return;
    const { provider } = a;
    if (provider.config.faults.neverApprove) {
      this.ctx.log(`market: ${provider.name} ignores agreement ${a.agreementId} (neverApprove)`);
      return;
    }
    const result = negotiateStep({
      provider,
      demand: a.demandProposal.properties,
      offer: a.offerProposal.properties,
      now: this.ctx.clock.now(),
      hasFreeSlot: this.store.hasFreeSlot(provider),
    });
    if (result.kind !== "ready") {
      const reason =
        result.kind === "reject"
          ? { message: result.message, [FINAL]: result.isFinal }
          : { message: "Negotiations aren't finished.", [FINAL]: false };
      moveTo(a, "Rejected");
      this.store.events.record(a, "AgreementRejectedEvent", this.ctx.clock.eventTime(), reason);
      this.finished(a);
      return;
    }
    this.store.holdSlot(a);
    a.timers.set(
      "approve",
      longTimer(this.ctx.clock, () => this.#approve(a), provider.config.faults.approveDelayMs ?? 0),
    );
  }

  #approve(a: AgreementRecord): void {
    a.timers.delete("approve");
    if (a.state !== "Pending" || a.validTo <= this.ctx.clock.now() + APPROVAL_MARGIN_MS) {
      // Approval failed: the agreement stays Pending on the requestor's side until validTo.
      this.ctx.log(`market: ${a.provider.name} could not approve agreement ${a.agreementId} (${a.state})`);
      this.finished(a);
      return;
    }
    moveTo(a, "Approved");
    a.approvedAt = this.ctx.clock.eventTime();
    a.approvedSignature = "NoSignature";
    a.committedSignature = "NoSignature";
    this.store.events.record(a, "AgreementApprovedEvent", a.approvedAt);
    this.ctx.log(`market: ${a.provider.name} approved agreement ${a.agreementId}`);
    this.#armIdle(a);
    const expiration = prop(a.demandProposal.properties, "golem.srv.comp.expiration");
    if (typeof expiration === "number" && Number.isFinite(expiration)) {
      const reason = {
        message: `Agreement expired @ ${chronoUtc(expiration)}`,
        "golem.provider.code": "Expired",
      };
      a.timers.set(
        "expiration",
        longTimer(
          this.ctx.clock,
          () => this.providerTerminates(a, reason),
          expiration - this.ctx.clock.now(),
        ),
      );
    }
    // Last: a listener may already act on the agreement (create an activity, terminate).
    this.ctx.bus.emit("agreement.approved", { agreementId: a.agreementId });
  }

  #armIdle(a: AgreementRecord): void {
    const sec = a.provider.config.idleAgreementTimeoutSec;
    a.timers.get("idle")?.cancel();
    const reason = { message: `No activity created within ${sec}s`, "golem.provider.code": "NoActivity" };
    a.timers.set(
      "idle",
      longTimer(this.ctx.clock, () => this.providerTerminates(a, reason), sec * 1000),
    );
  }
}
