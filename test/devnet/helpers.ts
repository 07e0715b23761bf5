// Shared helpers for the devnet's tests. Add to this file; do not rewrite others' helpers.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createActivityApi } from "../../devnet/activity/index.js";
import { createBaseContext } from "../../devnet/base-context.js";
import { Clock } from "../../devnet/clock.js";
import type { DevnetOptions } from "../../devnet/config.js";
import type {
  ActivityPort,
  AgreementView,
  DeployableImage,
  DevnetContext,
  DevnetModule,
  GftpPort,
  ImagesPort,
  MarketPort,
  ProviderNode,
  Reason,
} from "../../devnet/context.js";
import type { Route } from "../../devnet/http.js";
import { createDevnetServer } from "../../devnet/server.js";

/**
 * A market port for module tests: agreements are made Approved on request, and
 * terminations are recorded and announced on the bus as the real market does.
 */
export class FakeMarket implements MarketPort {
  readonly agreements = new Map<string, AgreementView>();
  readonly terminations: { agreementId: string; terminator: "Requestor" | "Provider"; reason: Reason }[] = [];

  constructor(private readonly ctx: DevnetContext) {}

  /** An Approved agreement with `provider`, made of these demand and offer properties. */
  approve(
    provider: ProviderNode,
    props: { demand?: Record<string, unknown>; offer?: Record<string, unknown>; appSessionId?: string } = {},
  ): AgreementView {
    const now = this.ctx.clock.now();
    const view: AgreementView = {
      agreementId: this.ctx.ids.agreement(),
      state: "Approved",
      provider,
      requestorId: this.ctx.requestor.identity,
      demandProperties: props.demand ?? {},
      offerProperties: props.offer ?? {},
      createdAt: now,
      approvedAt: now,
    };
    if (props.appSessionId !== undefined) view.appSessionId = props.appSessionId;
    this.agreements.set(view.agreementId, view);
    this.ctx.bus.emit("agreement.approved", { agreementId: view.agreementId });
    return view;
  }

  agreement(agreementId: string): AgreementView | undefined {
    return this.agreements.get(agreementId);
  }

  terminateByProvider(agreementId: string, reason: Reason): void {
    this.#terminate(agreementId, "Provider", reason);
  }

  terminateByRequestor(agreementId: string, reason: Reason = { message: "Finished" }): void {
    this.#terminate(agreementId, "Requestor", reason);
  }

  #terminate(agreementId: string, terminator: "Requestor" | "Provider", reason: Reason): void {
    const a = this.agreements.get(agreementId);
    if (a?.state !== "Approved") return;
    a.state = "Terminated";
    this.terminations.push({ agreementId, terminator, reason });
    this.ctx.bus.emit("agreement.terminated", { agreementId, terminator, reason });
  }
}

/** An activity port for module tests: activities whose usage the test sets by hand. */
export class FakeActivity implements ActivityPort {
  readonly #usage = new Map<string, number[]>();
  readonly #live = new Set<string>();
  readonly #byAgreement = new Map<string, string[]>();

  constructor(private readonly ctx: DevnetContext) {}

  /** Creates a live activity with zero usage and announces it. */
  create(agreementId: string, counters = 2): string {
    const activityId = this.ctx.ids.simple();
    this.#usage.set(
      activityId,
      Array.from({ length: counters }, () => 0),
    );
    this.#live.add(activityId);
    this.#byAgreement.set(agreementId, [...(this.#byAgreement.get(agreementId) ?? []), activityId]);
    this.ctx.bus.emit("activity.created", { activityId, agreementId });
    return activityId;
  }

  setUsage(activityId: string, usage: number[]): void {
    this.#usage.set(activityId, usage);
  }

  /** Ends the activity (destroyed or died) and announces its final usage. */
  end(activityId: string, agreementId: string): void {
    if (!this.#live.delete(activityId)) return;
    this.ctx.bus.emit("activity.ended", {
      activityId,
      agreementId,
      usage: this.#usage.get(activityId) ?? [],
    });
  }

  usage(activityId: string): number[] | undefined {
    return this.#usage.get(activityId);
  }

  activitiesOf(agreementId: string): string[] {
    return this.#byAgreement.get(agreementId) ?? [];
  }

  isLive(activityId: string): boolean {
    return this.#live.has(activityId);
  }
}

/** A hand-built context whose market and activity ports are the fakes above. */
export interface FakeContext extends DevnetContext {
  market: FakeMarket;
  activity: FakeActivity;
}

/**
 * A `DevnetContext` built by hand, to test one module without the others.
 *
 * @example
 * const ctx = fakeContext({ seed: "t", providers: [{ name: "lynx" }] });
 * const payment = createPaymentApi(ctx);
 */
export function fakeContext(options: DevnetOptions = {}): FakeContext {
  const ctx = createBaseContext(
    { appKey: "test-app-key", ...options, seed: options.seed ?? "fake" },
    { dataDir: "" },
  ) as FakeContext;
  ctx.market = new FakeMarket(ctx);
  ctx.activity = new FakeActivity(ctx);
  return ctx;
}

/** A server for some routes, on 127.0.0.1 and a free port. */
export interface RouteServer {
  url: string;
  appKey: string;
  close(): Promise<void>;
}

/**
 * Serves `routes` with the devnet's own server (auth, errors, routing) for module tests.
 *
 * @example
 * const server = await serveRoutes(ctx, payment.routes);
 * await fetch(`${server.url}/payment-api/v1/requestorAccounts`, { headers: auth(server.appKey) });
 */
export async function serveRoutes(ctx: DevnetContext, routes: Route[]): Promise<RouteServer> {
  const server = createDevnetServer(routes, { appKey: ctx.requestor.appKey, stats: ctx.stats, log: ctx.log });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appKey: ctx.requestor.appKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        ctx.clock.clearAll();
      }),
  };
}

/** A JSON answer: status, body (parsed when JSON, else text) and content type. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  type: string;
}

/**
 * Calls a devnet over HTTP with the app key, sending `body` as JSON.
 *
 * @example
 * const { status, body } = await call(devnet, "POST", "/payment-api/v1/allocations", { totalAmount: "5" });
 */
export async function call<T = unknown>(
  target: { url: string; appKey: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${target.appKey}`, ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const res = await fetch(`${target.url}${path}`, init);
  const type = res.headers.get("content-type") ?? "";
  const text = await res.text();
  const parsed = type.includes("json") && text !== "" ? (JSON.parse(text) as T) : (text as T);
  return { status: res.status, body: parsed, type };
}

// ---- Activity API helpers -------------------------------------------------------

/** Images for module tests: every task package resolves to one folder; `missing:` ones fail. */
export class FakeImages implements ImagesPort {
  readonly resolved: string[] = [];

  constructor(
    readonly dir: string,
    readonly env: Record<string, string> = {},
  ) {}

  async resolve(taskPackage: string): Promise<DeployableImage> {
    this.resolved.push(taskPackage);
    if (taskPackage.includes("missing"))
      throw new Error(`Image for ${taskPackage} not found in the devnet's image store`);
    return { hash: "f".repeat(56), dir: this.dir, env: this.env };
  }
}

/** A gftp port for module tests: files the test publishes, and files it awaits. */
export class FakeGftp implements GftpPort {
  readonly published = new Map<string, string>();
  readonly awaited = new Map<string, string>();
  readonly receivedUrls: string[] = [];

  source(url: string): string | undefined {
    return this.published.get(url);
  }

  destination(url: string): string | undefined {
    return this.awaited.get(url);
  }

  received(url: string): void {
    this.receivedUrls.push(url);
  }
}

/** The task package the activity tests put in their demands (FakeImages resolves any). */
export const TEST_TASK_PACKAGE = `hash:sha3:${"f".repeat(56)}:http://127.0.0.1:1/v1/image/download`;

/** The activity API served on its own, over a fake market, fake images and fake gftp. */
export interface ActivityHarness extends RouteServer {
  ctx: FakeContext;
  activity: DevnetModule & ActivityPort & { confinement: "bwrap" | "none" };
  images: FakeImages;
  gftp: FakeGftp;
  /** An Approved agreement with provider `index`, whose demand names TEST_TASK_PACKAGE. */
  agreement(index?: number, offer?: Record<string, unknown>): AgreementView;
  /** Creates an activity over HTTP (object form) and returns its id. */
  createActivity(agreementId?: string): Promise<string>;
  /** Runs a batch and long-polls until it is finished; returns the results. */
  runBatch(activityId: string, commands: unknown[]): Promise<{ batchId: string; results: ExeResult[] }>;
}

/** An element of the JSON results answer. */
export interface ExeResult {
  index: number;
  eventDate: string;
  result: "Ok" | "Error";
  stdout: string | number[] | null;
  stderr: string | number[] | null;
  message: string | null;
  isBatchFinished: boolean;
}

/**
 * Starts the activity API over a fake market (see `fakeContext`), with its own data
 * folder and a one-file image (`/app/hello.txt`). Close it to stop the module and
 * remove the folders.
 *
 * @example
 * const h = await activityHarness({ seed: "a" });
 * const id = await h.createActivity();
 * const { results } = await h.runBatch(id, [{ deploy: {} }, { start: {} }]);
 * await h.close();
 */
export async function activityHarness(options: DevnetOptions = {}): Promise<ActivityHarness> {
  const ctx = fakeContext({
    providers: [{ name: "lynx" }, { name: "otter", multiActivity: false }],
    ...options,
  });
  const activity = createActivityApi(ctx);
  const root = await mkdtemp(join(tmpdir(), "yatsapi-activity-test-"));
  ctx.dataDir = join(root, "data");
  const imageDir = join(root, "image");
  await mkdir(join(imageDir, "app"), { recursive: true });
  await writeFile(join(imageDir, "app", "hello.txt"), "hello from the image\n");
  const images = new FakeImages(imageDir, { IMAGE_VAR: "from-image" });
  const gftp = new FakeGftp();
  ctx.images = images;
  ctx.gftp = gftp;
  const server = await serveRoutes(ctx, activity.routes);
  const harness: ActivityHarness = {
    ...server,
    ctx,
    activity,
    images,
    gftp,
    agreement(index = 0, offer = {}) {
      return ctx.market.approve(ctx.providers[index]!, {
        demand: { "golem.srv.comp.task_package": TEST_TASK_PACKAGE },
        offer: { "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"], ...offer },
      });
    },
    async createActivity(agreementId = harness.agreement().agreementId) {
      const { status, body } = await call<{ activityId: string }>(
        server,
        "POST",
        "/activity-api/v1/activity",
        { agreementId },
      );
      if (status !== 200) throw new Error(`create activity: ${status} ${JSON.stringify(body)}`);
      return body.activityId;
    },
    async runBatch(activityId, commands) {
      const exec = await call<string>(server, "POST", `/activity-api/v1/activity/${activityId}/exec`, {
        text: JSON.stringify(commands),
      });
      if (exec.status !== 200) throw new Error(`exec: ${exec.status} ${JSON.stringify(exec.body)}`);
      const batchId = exec.body;
      for (;;) {
        const { status, body } = await call<ExeResult[]>(
          server,
          "GET",
          `/activity-api/v1/activity/${activityId}/exec/${batchId}?timeout=10`,
        );
        if (status !== 200) throw new Error(`results: ${status} ${JSON.stringify(body)}`);
        if (body.some((r) => r.isBatchFinished)) return { batchId, results: body };
      }
    },
    async close() {
      await server.close();
      await activity.stop?.();
      await rm(root, { recursive: true, force: true });
    },
  };
  return harness;
}

// ---- Market API helpers ---------------------------------------------------------

/** The market API's prefix. */
export const MARKET = "/market-api/v1";

/** A ProposalEvent's proposal as the market returns it. */
export interface ProposalJson {
  proposalId: string;
  issuerId: string;
  state: string;
  properties: Record<string, unknown>;
  constraints: string;
  timestamp: string;
  prevProposalId?: string;
}

/** An element of `GET /demands/{id}/events`. */
export interface NegotiationEventJson {
  eventType: "ProposalEvent" | "ProposalRejectedEvent";
  eventDate: string;
  proposal?: ProposalJson;
  proposalId?: string;
  reason?: { message: string; [key: string]: unknown };
}

/**
 * A demand body that matches the default providers: subnet `public`, runtime `vm`,
 * expiring in one hour with a 240 s debit-note accept timeout (without one, providers
 * refuse agreements longer than 30 min); `props` are added or override.
 *
 * @example
 * await call(devnet, "POST", `${MARKET}/demands`, demandBody({ "golem.srv.caps.multi-activity": true }));
 */
export function demandBody(
  props: Record<string, unknown> = {},
  constraints = "(&(golem.node.debug.subnet=public)\n\t(golem.runtime.name=vm))",
): { properties: Record<string, unknown>; constraints: string } {
  return {
    properties: {
      "golem.node.debug.subnet": "public",
      "golem.srv.comp.expiration": Date.now() + 3600_000,
      "golem.srv.caps.multi-activity": true,
      "golem.com.payment.debit-notes.accept-timeout?": 240,
      ...props,
    },
    constraints,
  };
}

/** Collects demand events until `count` have arrived (each poll waits up to 5 s). */
export async function demandEvents(
  target: { url: string; appKey: string },
  subscriptionId: string,
  count: number,
): Promise<NegotiationEventJson[]> {
  const out: NegotiationEventJson[] = [];
  for (let i = 0; i < 20 && out.length < count; i++) {
    const { status, body } = await call<NegotiationEventJson[]>(
      target,
      "GET",
      `${MARKET}/demands/${subscriptionId}/events?timeout=5&maxEvents=100`,
    );
    if (status !== 200) throw new Error(`demand events: ${status} ${JSON.stringify(body)}`);
    out.push(...body);
  }
  return out;
}

/**
 * Subscribes a demand, counters one Initial proposal (of provider `providerName`, or
 * the first) with `chosen-platform` set, and returns the provider's Draft.
 *
 * @example
 * const { subscriptionId, draft } = await negotiateDraft(devnet);
 */
export async function negotiateDraft(
  target: { url: string; appKey: string },
  opts: { props?: Record<string, unknown>; providerId?: string; platform?: string } = {},
): Promise<{ subscriptionId: string; initial: ProposalJson; counterId: string; draft: ProposalJson }> {
  const body = demandBody(opts.props);
  const sub = await call<string>(target, "POST", `${MARKET}/demands`, body);
  if (sub.status !== 201) throw new Error(`subscribe: ${sub.status} ${JSON.stringify(sub.body)}`);
  const subscriptionId = sub.body;
  let initial: ProposalJson | undefined;
  for (let i = 0; i < 10 && !initial; i++) {
    const events = await demandEvents(target, subscriptionId, 1);
    initial = events
      .map((e) => e.proposal)
      .find((p): p is ProposalJson => !!p && (!opts.providerId || p.issuerId === opts.providerId));
  }
  if (!initial) throw new Error("no Initial proposal from the wanted provider");
  const counterBody = {
    ...body,
    properties: {
      ...body.properties,
      "golem.com.payment.chosen-platform": opts.platform ?? "erc20-holesky-tglm",
    },
  };
  const counter = await call<string>(
    target,
    "POST",
    `${MARKET}/demands/${subscriptionId}/proposals/${initial.proposalId}`,
    counterBody,
  );
  if (counter.status !== 200) throw new Error(`counter: ${counter.status} ${JSON.stringify(counter.body)}`);
  for (let i = 0; i < 10; i++) {
    const events = await demandEvents(target, subscriptionId, 1);
    const reply = events.find(
      (e) => e.proposal?.prevProposalId === counter.body || e.proposalId === counter.body,
    );
    if (reply?.proposal) return { subscriptionId, initial, counterId: counter.body, draft: reply.proposal };
    if (reply) throw new Error(`provider rejected the counter: ${JSON.stringify(reply.reason)}`);
  }
  throw new Error("no answer to the counter-proposal");
}

/**
 * Negotiates with a provider and returns an Approved agreement made over HTTP.
 *
 * @example
 * const { agreementId } = await approvedAgreement(devnet, { appSessionId: "s1" });
 */
export async function approvedAgreement(
  target: { url: string; appKey: string },
  opts: { props?: Record<string, unknown>; providerId?: string; appSessionId?: string } = {},
): Promise<{ subscriptionId: string; agreementId: string; draft: ProposalJson }> {
  const { subscriptionId, draft } = await negotiateDraft(target, opts);
  const validTo = new Date(Date.now() + 3600_000).toISOString();
  const created = await call<string>(target, "POST", `${MARKET}/agreements`, {
    proposalId: draft.proposalId,
    validTo,
  });
  if (created.status !== 200)
    throw new Error(`create agreement: ${created.status} ${JSON.stringify(created.body)}`);
  const agreementId = created.body;
  const session =
    opts.appSessionId !== undefined ? `?appSessionId=${encodeURIComponent(opts.appSessionId)}` : "";
  const confirmed = await call(target, "POST", `${MARKET}/agreements/${agreementId}/confirm${session}`);
  if (confirmed.status !== 204)
    throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  const waited = await call(target, "POST", `${MARKET}/agreements/${agreementId}/wait?timeout=5`);
  if (waited.status !== 204) throw new Error(`wait: ${waited.status} ${JSON.stringify(waited.body)}`);
  return { subscriptionId, agreementId, draft };
}

// ---- Payment API helpers --------------------------------------------------------

/** The payment API's prefix. */
export const PAYMENT = "/payment-api/v1";

/**
 * Creates an activity on an Approved agreement over HTTP (object form) and returns its id.
 *
 * @example
 * const activityId = await createActivity(devnet, agreementId);
 */
export async function createActivity(
  target: { url: string; appKey: string },
  agreementId: string,
): Promise<string> {
  const { status, body } = await call<{ activityId: string }>(target, "POST", "/activity-api/v1/activity", {
    agreementId,
  });
  if (status !== 200) throw new Error(`create activity: ${status} ${JSON.stringify(body)}`);
  return body.activityId;
}

/**
 * Creates an allocation and returns it with the demand properties its decorations add
 * (the platform address and the payment protocol version), ready for `approvedAgreement`.
 *
 * @example
 * const { allocationId, props } = await paymentAllocation(devnet, "10");
 * await approvedAgreement(devnet, { props: { ...props, ...negotiated } });
 */
export async function paymentAllocation(
  target: { url: string; appKey: string },
  totalAmount: string,
  paymentPlatform = "erc20-holesky-tglm",
): Promise<{ allocationId: string; props: Record<string, unknown> }> {
  const created = await call<{ allocationId: string }>(target, "POST", `${PAYMENT}/allocations`, {
    paymentPlatform,
    totalAmount,
  });
  if (created.status !== 201)
    throw new Error(`allocation: ${created.status} ${JSON.stringify(created.body)}`);
  const { allocationId } = created.body;
  const deco = await call<{ properties: { key: string; value: string }[] }>(
    target,
    "GET",
    `${PAYMENT}/demandDecorations?allocationIds=${allocationId}`,
  );
  if (deco.status !== 200) throw new Error(`decorations: ${deco.status} ${JSON.stringify(deco.body)}`);
  return { allocationId, props: Object.fromEntries(deco.body.properties.map((p) => [p.key, p.value])) };
}

/**
 * A devnet clock whose time only moves when the test says so: timers set through it
 * run in `advance()`, in due order. For timers of minutes or hours (agreement
 * expiration, idle timeouts) without waiting for them.
 *
 * @example
 * const ctx = fakeContext();
 * const clock = new ManualClock();
 * ctx.clock = clock;
 * clock.advance(6 * 60_000); // runs every timer due within 6 minutes
 */
export class ManualClock extends Clock {
  #now = Date.now();
  #last = 0;
  #timers = new Map<object, { due: number; fn: () => void }>();

  override now(): number {
    return this.#now;
  }

  override eventTime(): number {
    this.#last = Math.max(this.#now, this.#last + 1);
    return this.#last;
  }

  override setTimeout(fn: () => void, ms: number): NodeJS.Timeout {
    const token = {};
    this.#timers.set(token, { due: this.#now + Math.max(0, ms), fn });
    return token as unknown as NodeJS.Timeout;
  }

  override clearTimeout(handle: NodeJS.Timeout | undefined): void {
    if (handle) this.#timers.delete(handle);
  }

  override clearAll(): void {
    this.#timers.clear();
  }

  /** Moves time forward by `ms`, running each timer that falls due, earliest first. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [object, { due: number; fn: () => void }] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry;
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = Math.max(this.#now, next[1].due);
      next[1].fn();
    }
    this.#now = target;
  }
}
