// The root machine in isolation: its REST actors are fakes the test answers (FakeRest), its
// feeds are fakes the test may make fail, and its children (agreement, activity, payment)
// are puppets that record what the root sends them and report what the test tells them
// to. Tasks are the real task machine (pure). Time is a SimulatedClock.
import assert from "node:assert/strict";
import {
  type AnyEventObject,
  assign,
  createActor,
  fromCallback,
  SimulatedClock,
  sendParent,
  setup,
} from "xstate";
import type { activityMachine } from "../../machines/activity.machine.js";
import type { agreementMachine } from "../../machines/agreement.machine.js";
import {
  type ComputationEmitted,
  type ComputationInput,
  type ComputationMachineEvent,
  computationMachine,
  type DraftInfo,
  type FeedInput,
  type LogEvent,
  type OfferFeedInput,
} from "../../machines/computation.machine.js";
import type { paymentMachine } from "../../machines/payment.machine.js";
import { taskMachine } from "../../machines/task.machine.js";
import { trackCoverage } from "./coverage.js";
import { FakeRest } from "./fake-actors.js";
import { settle } from "./parent-harness.js";

/** A child that records every event it gets and sends its parent what the test asks. */
export const puppet = setup({
  types: {
    context: {} as { input: unknown; received: AnyEventObject[] },
    events: {} as AnyEventObject,
    input: {} as unknown,
  },
}).createMachine({
  id: "puppet",
  context: ({ input }) => ({ input, received: [] }),
  initial: "alive",
  states: {
    alive: {
      on: {
        "puppet.report": { actions: sendParent(({ event }) => event.report as AnyEventObject) },
        "puppet.end": { target: "ended", actions: sendParent(({ event }) => event.report as AnyEventObject) },
        "*": { actions: assign({ received: ({ context, event }) => [...context.received, event] }) },
      },
    },
    ended: { type: "final" },
  },
});

export const TIMEOUTS = {
  computationTimeoutMs: 100_000,
  noProposalsWarningMs: 20_000,
  workerStopTimeoutMs: 10_000,
  agreementTerminateTimeoutMs: 10_000,
  invoiceWaitTimeoutMs: 30_000,
  releaseTimeoutMs: 10_000,
};

type FeedName = "offerFeed" | "agreementEventsFeed" | "paymentEventsFeed";

/** The root under test. */
export class RootHarness {
  readonly clock = new SimulatedClock();
  readonly rest = new FakeRest();
  readonly emitted: ComputationEmitted[] = [];
  /** How many times each feed was started. */
  readonly started: Record<FeedName, number> = { offerFeed: 0, agreementEventsFeed: 0, paymentEventsFeed: 0 };
  readonly actor;
  /** Simulated ms since the start. */
  elapsed = 0;

  constructor(opts: { input?: Partial<ComputationInput>; failing?: FeedName[] } = {}) {
    const feed = <I>(name: FeedName) =>
      fromCallback<AnyEventObject, I>(() => {
        if (opts.failing?.includes(name)) throw new Error(`${name} broke`);
        this.started[name]++;
      });
    const machine = computationMachine.provide({
      actors: {
        allocate: this.rest.actor("allocate"),
        buildDemand: this.rest.actor("buildDemand"),
        subscribe: this.rest.actor("subscribe"),
        releaseResources: this.rest.actor("releaseResources"),
        offerFeed: feed<OfferFeedInput>("offerFeed"),
        agreementEventsFeed: feed<FeedInput>("agreementEventsFeed"),
        paymentEventsFeed: feed<FeedInput>("paymentEventsFeed"),
        agreement: puppet as unknown as typeof agreementMachine,
        activity: puppet as unknown as typeof activityMachine,
        payment: puppet as unknown as typeof paymentMachine,
        task: taskMachine,
      },
    });
    const input: ComputationInput = {
      budget: "5",
      driver: "erc20",
      network: "holesky",
      maxWorkers: 2,
      expiresAt: 1_000_000,
      subnetTag: "public",
      timeouts: TIMEOUTS,
      ...opts.input,
    };
    this.actor = createActor(machine, {
      id: "computation",
      clock: this.clock,
      input,
      inspect: trackCoverage(computationMachine, taskMachine),
    });
    this.actor.on("*", (e) => void this.emitted.push(e as ComputationEmitted));
    this.actor.start();
  }

  send(event: ComputationMachineEvent): void {
    this.actor.send(event);
  }

  tick(ms: number): void {
    this.elapsed += ms;
    this.clock.increment(ms);
  }

  /** Allocation, demand and subscription answered: the root is running. */
  async prepare(): Promise<void> {
    await this.rest.resolve("allocate", {
      allocations: [{ allocationId: "alloc-1", platform: "erc20-holesky-tglm", address: "0xme" }],
      decoration: { properties: [], constraints: [] },
    });
    await this.rest.resolve("buildDemand", { properties: { a: 1 }, constraints: "(a=1)" });
    await this.rest.resolve("subscribe", { subscriptionId: "sub-1" });
  }

  matches(value: string): boolean {
    return this.actor.getSnapshot().matches(value as never);
  }

  /** The public log, as types. */
  log(): string[] {
    return this.emitted.filter((e) => !e.type.startsWith("driver.")).map((e) => e.type);
  }

  logOf<T extends LogEvent["type"]>(type: T): Extract<LogEvent, { type: T }>[] {
    return this.emitted.filter((e): e is Extract<LogEvent, { type: T }> => e.type === type);
  }

  driver<T extends ComputationEmitted["type"]>(type: T): Extract<ComputationEmitted, { type: T }>[] {
    return this.emitted.filter((e): e is Extract<ComputationEmitted, { type: T }> => e.type === type);
  }

  child(id: string) {
    const ref = this.actor.getSnapshot().children[id as never] as
      | { send(e: AnyEventObject): void; getSnapshot(): { context: unknown; status: string } }
      | undefined;
    assert.ok(ref, `no child ${id}`);
    return ref;
  }

  has(id: string): boolean {
    return this.actor.getSnapshot().children[id as never] !== undefined;
  }

  /** What the root sent a puppet, as types (or whole events with `whole`). */
  received(id: string): string[] {
    return this.receivedEvents(id).map((e) => e.type);
  }

  receivedEvents(id: string): AnyEventObject[] {
    return (this.child(id).getSnapshot().context as { received: AnyEventObject[] }).received;
  }

  inputOf(id: string): Record<string, unknown> {
    return (this.child(id).getSnapshot().context as { input: Record<string, unknown> }).input;
  }

  /** The puppet `id` sends the root `event`. */
  report(id: string, event: AnyEventObject): void {
    this.child(id).send({ type: "puppet.report", report: event });
  }

  /** The puppet `id` sends `event` and ends. */
  end(id: string, event: AnyEventObject): void {
    this.child(id).send({ type: "puppet.end", report: event });
  }

  draft(proposalId: string, providerId: string, extra: Partial<DraftInfo> = {}): void {
    this.send({
      type: "market.draft",
      proposalId,
      providerId,
      providerName: `name-${providerId}`,
      subnetTag: "public",
      score: 10,
      multiActivity: true,
      platform: "erc20-holesky-tglm",
      debitNoteIntervalSec: 1,
      ...extra,
    });
  }

  addTasks(...ids: string[]): void {
    this.send({ type: "tasks.add", tasks: ids.map((taskId) => ({ taskId, data: { n: taskId } })) });
  }

  /** Agreement `proposalId` created and approved as `agreementId`. */
  approve(proposalId: string, agreementId: string): void {
    this.report(`agreement:${proposalId}`, { type: "agreement.created", proposalId, agreementId });
    this.report(`agreement:${proposalId}`, { type: "agreement.approved", proposalId, agreementId });
  }

  /** The activity of `agreementId` created and deployed as `activityId`. */
  ready(agreementId: string, activityId: string): void {
    this.report(`activity:${agreementId}`, { type: "activity.created", agreementId, activityId });
    this.report(`activity:${agreementId}`, { type: "activity.ready", agreementId, activityId });
  }

  /** The worker on `agreementId` (by its WorkerStarted order). */
  workerOn(agreementId: string): string {
    const ready = this.driver("driver.workerReady")
      .filter((e) => e.agreementId === agreementId)
      .at(-1);
    assert.ok(ready, `no worker ready on ${agreementId}`);
    return ready.workerId;
  }

  output() {
    return this.actor.getSnapshot().output;
  }

  async settle(): Promise<void> {
    await settle();
  }
}

/**
 * A root prepared, with two tasks queued and one draft turned into an approved agreement
 * whose worker is ready.
 *
 * @example
 * const { h, worker } = await oneWorker();
 */
export async function oneWorker(opts: ConstructorParameters<typeof RootHarness>[0] = {}) {
  const h = new RootHarness(opts);
  h.addTasks("t1", "t2");
  await h.prepare();
  h.draft("p1", "prov-1");
  h.approve("p1", "agr-1");
  h.ready("agr-1", "act-1");
  return { h, worker: h.workerOn("agr-1") };
}
