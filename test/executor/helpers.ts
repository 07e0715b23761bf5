/**
 * Helpers of the executor's integration tests: a devnet with short intervals, the package
 * of its built-in image, the devnet's ledger as the daemon reports it, and a recorder of
 * the event log.
 */
import assert from "node:assert/strict";
import { delimiter, join } from "node:path";
import { type Devnet, type ProviderConfig, startDevnet } from "../../devnet/index.js";
import { activityMachine } from "../../machines/activity.machine.js";
import { agreementMachine } from "../../machines/agreement.machine.js";
import { computationMachine } from "../../machines/computation.machine.js";
import { paymentMachine } from "../../machines/payment.machine.js";
import { taskMachine } from "../../machines/task.machine.js";
import type { DemandBuilder } from "../../src/demand-builder.js";
import type { Package } from "../../src/demand-decorator.js";
import type { ComputationEvent } from "../../src/events/types.js";
import { VmPackageFormat, VmRequest } from "../../src/props/vm-request.js";
import { trackCoverage } from "../machines/coverage.js";

/** Records transition coverage of every machine of the computations it is given to. */
export const coverage = trackCoverage(
  computationMachine,
  agreementMachine,
  activityMachine,
  taskMachine,
  paymentMachine,
);

const root = new URL("../..", import.meta.url).pathname;

/** yatsapi's own `gftp` (bin/gftp) first on PATH, as requestors find gftp there. */
export function useDevnetGftp(): void {
  const bin = join(root, "bin");
  if (!(process.env.PATH ?? "").split(delimiter).includes(bin)) {
    process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ""}`;
  }
}

/** A provider with debit notes every second, so payments happen during short tests. */
export function provider(name: string, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return { name, debitNoteIntervalSec: 1, ...extra };
}

/**
 * Starts a devnet on a free port.
 *
 * @example
 * const devnet = await devnetWith("submit-1", [provider("a"), provider("b")]);
 */
export function devnetWith(seed: string, providers: ProviderConfig[]): Promise<Devnet> {
  return startDevnet({ port: 0, seed, providers });
}

/**
 * The devnet's built-in `golem/alpine:latest` as a VM package (what `vm.repo` will give).
 *
 * @example
 * const pkg = await devnetPackage(devnet);
 */
export async function devnetPackage(devnet: Devnet): Promise<Package> {
  const res = await fetch(`${devnet.url}/v1/image/info?tag=golem/alpine:latest`);
  assert.equal(res.status, 200);
  const info = (await res.json()) as { sha3: string; http: string };
  const packageUrl = `hash:sha3:${info.sha3}:${info.http}`;
  return {
    resolveUrl: async () => packageUrl,
    decorateDemand: async (demand: DemandBuilder) => {
      demand.ensure("(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2)\n\t(golem.runtime.name=vm))");
      demand.add(new VmRequest({ packageUrl, packageFormat: VmPackageFormat.GVMKIT_SQUASH }));
    },
  };
}

/** GETs a daemon path with the app key. */
export async function daemonGet<T>(devnet: Devnet, path: string): Promise<T> {
  const res = await fetch(`${devnet.url}${path}`, { headers: { authorization: `Bearer ${devnet.appKey}` } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** The events a computation logged, in order. */
export class EventLog {
  readonly events: ComputationEvent[] = [];
  readonly #waiters: { type: string; resolve(): void }[] = [];
  readonly consumer = (event: ComputationEvent) => {
    this.events.push(event);
    for (const w of this.#waiters.filter((x) => x.type === event.type)) w.resolve();
  };

  /** Resolves once an event of `type` has been logged. */
  waitFor(type: ComputationEvent["type"]): Promise<void> {
    if (this.events.some((e) => e.type === type)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ type, resolve }));
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  of<T extends ComputationEvent["type"]>(type: T): Extract<ComputationEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<ComputationEvent, { type: T }> => e.type === type);
  }
}

/**
 * Every agreement the computation made is terminated on the daemon, each has one invoice,
 * accepted; the accepted invoices add up to the allocations' spending; nothing is still
 * allocated. Returns the total paid.
 *
 * @example
 * const paid = await assertSettled(devnet);
 */
export async function assertSettled(devnet: Devnet): Promise<number> {
  const agreements = await daemonGet<{ id: string }[]>(devnet, "/market-api/v1/agreements");
  const invoices = await daemonGet<{ agreementId: string; status: string; amount: string }[]>(
    devnet,
    "/payment-api/v1/invoices",
  );
  let paid = 0;
  for (const { id } of agreements) {
    const agreement = await daemonGet<{ state: string }>(devnet, `/market-api/v1/agreements/${id}`);
    if (agreement.state === "Cancelled" || agreement.state === "Rejected" || agreement.state === "Expired")
      continue;
    assert.equal(agreement.state, "Terminated", `agreement ${id} left ${agreement.state}`);
    const mine = invoices.filter((i) => i.agreementId === id);
    assert.equal(mine.length, 1, `agreement ${id} has ${mine.length} invoices`);
    assert.ok(["ACCEPTED", "SETTLED"].includes(mine[0]!.status), `invoice of ${id} is ${mine[0]!.status}`);
    paid += Number(mine[0]!.amount);
  }
  const allocations = await daemonGet<unknown[]>(devnet, "/payment-api/v1/allocations");
  assert.equal(allocations.length, 0, "allocations left unreleased");
  return paid;
}

/**
 * What may follow what in one agreement's part of the log (the order of the agreement,
 * activity and payment machines). Debit notes and payment failures may come at any time
 * after approval and are checked apart.
 */
const AGREEMENT_ORDER: Record<string, readonly string[]> = {
  start: ["AgreementCreated"],
  AgreementCreated: ["AgreementConfirmed", "AgreementRejected"],
  AgreementRejected: [],
  AgreementConfirmed: ["WorkerStarted", "AgreementTerminated"],
  WorkerStarted: ["ActivityCreated", "ActivityCreateFailed", "WorkerFinished"],
  ActivityCreateFailed: ["WorkerFinished"],
  ActivityCreated: ["TaskStarted", "ScriptSent", "WorkerFinished"],
  TaskStarted: ["ScriptSent"],
  // A batch that failed without results (timeout, crash) is followed by the next one or the end.
  ScriptSent: [
    "CommandStarted",
    "CommandExecuted",
    "GettingResults",
    "TaskStarted",
    "ScriptSent",
    "WorkerFinished",
  ],
  CommandStarted: [
    "CommandStdOut",
    "CommandStdErr",
    "CommandExecuted",
    "TaskStarted",
    "ScriptSent",
    "WorkerFinished",
  ],
  CommandStdOut: [
    "CommandStdOut",
    "CommandStdErr",
    "CommandExecuted",
    "TaskStarted",
    "ScriptSent",
    "WorkerFinished",
  ],
  CommandStdErr: [
    "CommandStdOut",
    "CommandStdErr",
    "CommandExecuted",
    "TaskStarted",
    "ScriptSent",
    "WorkerFinished",
  ],
  CommandExecuted: [
    "CommandStarted",
    "CommandExecuted",
    "GettingResults",
    "TaskStarted",
    "ScriptSent",
    "WorkerFinished",
  ],
  GettingResults: ["ScriptFinished", "TaskStarted", "ScriptSent", "WorkerFinished"],
  ScriptFinished: ["PaymentPrepared"],
  PaymentPrepared: ["PaymentQueued"],
  PaymentQueued: ["TaskStarted", "ScriptSent", "WorkerFinished"],
  WorkerFinished: ["WorkerStarted", "AgreementTerminated"],
  AgreementTerminated: ["InvoiceReceived"],
  InvoiceReceived: ["PaymentAccepted"],
  PaymentAccepted: [],
};

const BEFORE_APPROVAL = new Set(["start", "AgreementCreated", "AgreementRejected"]);

/**
 * Checks the log against the order the machines allow: one ComputationStarted first and
 * one ShutdownFinished last, ComputationFinished once in between; per agreement, the
 * agreement/worker/script/payment sequence above (a debit note may arrive at any point
 * after approval: it stays where the last step was); per task, started before accepted,
 * accepted at most once; per proposal, received before answered.
 *
 * @example
 * assertValidOrder(log.events);
 */
export function assertValidOrder(events: readonly ComputationEvent[]): void {
  const types = events.map((e) => e.type);
  assert.equal(types[0], "ComputationStarted", "the log starts with ComputationStarted");
  assert.equal(types.at(-1), "ShutdownFinished", "the log ends with ShutdownFinished");
  assert.equal(types.filter((t) => t === "ComputationFinished").length, 1, "ComputationFinished once");
  assert.equal(types.filter((t) => t === "ShutdownFinished").length, 1, "ShutdownFinished once");
  assert.ok(types.indexOf("ComputationFinished") < types.length - 1);
  const agreementAt = new Map<string, string>();
  const received = new Set<string>();
  const started = new Set<string>();
  const accepted = new Set<string>();
  events.forEach((e, i) => {
    if (e.type === "ProposalReceived") received.add(e.propId);
    if ("propId" in e && e.type !== "ProposalReceived") {
      assert.ok(received.has(e.propId), `#${i} ${e.type} of ${e.propId} before ProposalReceived`);
    }
    if (e.type === "TaskStarted") started.add(e.taskId);
    if (e.type === "TaskAccepted") {
      assert.ok(started.has(e.taskId), `#${i} TaskAccepted of ${e.taskId} before TaskStarted`);
      assert.ok(!accepted.has(e.taskId), `#${i} task ${e.taskId} accepted twice`);
      accepted.add(e.taskId);
    }
    if (!("agrId" in e)) return;
    const at = agreementAt.get(e.agrId) ?? "start";
    if (e.type === "DebitNoteReceived" || e.type === "PaymentFailed") {
      assert.ok(!BEFORE_APPROVAL.has(at), `#${i} ${e.type} before approval of agreement ${e.agrId}`);
      return;
    }
    const allowed = AGREEMENT_ORDER[at] ?? [];
    assert.ok(allowed.includes(e.type), `#${i} ${e.type} after ${at} for agreement ${e.agrId}`);
    agreementAt.set(e.agrId, e.type);
  });
}
