/**
 * The agreement pool: drafts from the market (best per provider), agreement actors made of
 * the best ones while fewer than `maxWorkers` are live, workers started on approved
 * agreements, and their ends. `dispatch` is the one place that decides what starts next.
 */
import type { ComputationContext, ComputationMachineEvent, DraftInfo, Reason } from "../computation.types.js";
import { startPayment } from "./feeds.js";
import { assignTask, requestTasks } from "./tasks.js";
import { childId, type Work } from "./work.js";
import { startWorker, stopWorker } from "./workers.js";

type Ev<T extends ComputationMachineEvent["type"]> = Extract<ComputationMachineEvent, { type: T }>;

/**
 * A provider's draft: it confirmed our proposal. A newer draft replaces its older one.
 *
 * @example
 * on: { "market.draft": { actions: step("market.draft", addDraft) } }
 */
export function addDraft(w: Work, event: Ev<"market.draft">): void {
  const { type: _, ...draft } = event;
  w.set("proposalsConfirmed", w.ctx.proposalsConfirmed + 1);
  w.emit({ type: "ProposalConfirmed", propId: draft.proposalId });
  w.set("drafts", { ...w.ctx.drafts, [draft.providerId]: draft });
  w.changed();
}

/**
 * The best draft from a provider we have no live agreement with (first one on a tie).
 *
 * @example
 * const draft = bestDraft(w.ctx); // undefined when every provider is busy
 */
export function bestDraft(ctx: ComputationContext): DraftInfo | undefined {
  const busy = new Set(Object.values(ctx.agreements).map((a) => a.draft.providerId));
  let best: DraftInfo | undefined;
  for (const d of Object.values(ctx.drafts))
    if (!busy.has(d.providerId) && (!best || d.score > best.score)) best = d;
  return best;
}

function spawnAgreement(w: Work, draft: DraftInfo): void {
  const drafts = { ...w.ctx.drafts };
  delete drafts[draft.providerId];
  w.set("drafts", drafts);
  w.setAgreement(draft.proposalId, { draft, phase: "negotiating", approved: false });
  const input = {
    proposalId: draft.proposalId,
    providerId: draft.providerId,
    providerName: draft.providerName,
    multiActivity: draft.multiActivity,
  };
  const timeouts = w.ctx.childTimeouts.agreement;
  w.spawn({
    kind: "spawnAgreement",
    id: childId.agreement(draft.proposalId),
    input: timeouts ? { ...input, timeouts } : input,
  });
}

/**
 * While working: waiting workers get tasks; the queued tasks nobody will take yet start
 * workers on idle agreements, then new agreements from the best drafts, up to `maxWorkers`
 * live agreements; the input is asked for more when the queue runs short.
 *
 * @example
 * on: { "work.changed": { actions: step(dispatch) } }
 */
export function dispatch(w: Work): void {
  for (const worker of Object.values(w.ctx.workers)) {
    if (worker.phase === "ready" && worker.waiting) assignTask(w, w.ctx.workers[worker.workerId] ?? worker);
  }
  const workers = Object.values(w.ctx.workers);
  const spare = workers.filter((x) => x.phase === "starting" || (x.phase === "ready" && x.waiting)).length;
  let demand = w.ctx.queue.length - spare;
  for (const [proposalId, a] of Object.entries(w.ctx.agreements)) {
    if (demand <= 0) break;
    if (a.phase === "idle" && a.approved) {
      startWorker(w, proposalId);
      demand--;
    }
  }
  const agreements = Object.values(w.ctx.agreements);
  demand -= agreements.filter((a) => a.phase === "negotiating").length;
  let live = agreements.filter((a) => a.phase !== "ending").length;
  for (
    let draft = bestDraft(w.ctx);
    draft && demand > 0 && live < w.ctx.maxWorkers;
    draft = bestDraft(w.ctx)
  ) {
    spawnAgreement(w, draft);
    demand--;
    live++;
  }
  requestTasks(w);
}

/**
 * The daemon made the agreement: the log's AgreementCreated.
 *
 * @example
 * on: { "agreement.created": { actions: step("agreement.created", agreementCreated) } }
 */
export function agreementCreated(w: Work, event: Ev<"agreement.created">): void {
  const agreement = w.ctx.agreements[event.proposalId];
  if (!agreement) return;
  w.setAgreement(event.proposalId, { agreementId: event.agreementId });
  const { providerName, subnetTag } = agreement.draft;
  w.emit({
    type: "AgreementCreated",
    agrId: event.agreementId,
    providerId: agreement.draft.providerId,
    providerInfo: subnetTag === null ? { name: providerName } : { name: providerName, subnetTag },
  });
}

/**
 * Approved: the agreement joins the pool and gets its payment actor.
 *
 * @example
 * on: { "agreement.approved": { actions: step("agreement.approved", agreementApproved) } }
 */
export function agreementApproved(w: Work, event: Ev<"agreement.approved">): void {
  const agreement = w.ctx.agreements[event.proposalId];
  if (!agreement) return;
  // Approved after shutdown already asked to end it: it stays ending (and is still paid).
  const phase = agreement.phase === "ending" ? "ending" : "idle";
  w.setAgreement(event.proposalId, { agreementId: event.agreementId, approved: true, phase });
  w.emit({ type: "AgreementConfirmed", agrId: event.agreementId });
  startPayment(w, event.agreementId, agreement.draft);
  w.changed();
}

/**
 * The provider did not approve: the log's AgreementRejected (the agreement then ends).
 *
 * @example
 * on: { "agreement.rejected": { actions: step("agreement.rejected", agreementRejected) } }
 */
export function agreementRejected(w: Work, event: Ev<"agreement.rejected">): void {
  if (event.agreementId) w.emit({ type: "AgreementRejected", agrId: event.agreementId });
}

/**
 * The agreement actor ended: its worker stops, its payment awaits the invoice.
 *
 * @example
 * on: { "agreement.ended": { actions: step("agreement.ended", agreementEnded) } }
 */
export function agreementEnded(w: Work, event: Ev<"agreement.ended">): void {
  w.stop(childId.agreement(event.proposalId));
  const agreement = w.ctx.agreements[event.proposalId];
  if (!agreement) return;
  const agrId = event.agreementId ?? agreement.agreementId;
  const ended = event.outcome === "terminated" || event.outcome === "terminatedByProvider";
  if (agrId && agreement.approved && ended) {
    w.emit({ type: "AgreementTerminated", agrId, reason: event.reason ?? { message: event.outcome } });
  }
  const worker = agreement.workerId === undefined ? undefined : w.ctx.workers[agreement.workerId];
  if (worker) {
    const message = `Agreement ${agrId} ended (${event.outcome})${event.reason ? `: ${event.reason.message}` : ""}`;
    stopWorker(w, worker, { name: "AgreementEndedError", message });
  }
  const payment = agrId === undefined ? undefined : w.ctx.payments[agrId];
  if (agrId && payment && !payment.ended && payment.outcome === undefined) {
    w.send(childId.payment(agrId), { type: "payment.agreementEnded", agreementId: agrId });
    w.setPayment(agrId, { ended: true });
  }
  w.setAgreement(event.proposalId, null);
  w.changed();
}

/**
 * The agreement-events feed saw the provider end one of our agreements.
 *
 * @example
 * on: { "agreement.providerTerminated": { actions: step("agreement.providerTerminated", providerTerminated) } }
 */
export function providerTerminated(w: Work, event: Ev<"agreement.providerTerminated">): void {
  const found = w.agreementByAgreementId(event.agreementId);
  if (found)
    w.send(childId.agreement(found[0]), { type: "agreement.providerTerminated", reason: event.reason });
}

/**
 * Terminates every agreement not already ending; `idleOnly` spares those in use.
 *
 * @example
 * terminateAgreements(w, SUCCESS_REASON, true); // idle ones only
 */
export function terminateAgreements(w: Work, reason: Reason, idleOnly: boolean): void {
  for (const [proposalId, a] of Object.entries(w.ctx.agreements)) {
    if (a.phase === "ending" || (idleOnly && a.phase === "inUse")) continue;
    w.send(childId.agreement(proposalId), { type: "agreement.terminate", reason });
    w.setAgreement(proposalId, { phase: "ending" });
  }
  if (Object.keys(w.ctx.drafts).length > 0) w.set("drafts", {});
}
