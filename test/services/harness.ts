/**
 * An in-process devnet with a services/ client wired to it, recording every exchange for
 * the schema check, and helpers that walk the usual requestor path (allocation, demand,
 * negotiation, agreement, activity).
 */
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { type Devnet, type DevnetOptions, startDevnet } from "../../devnet/index.js";
import {
  type Activity,
  type Agreement,
  type Allocation,
  createYagnaApi,
  type HttpExchange,
  type Properties,
  type Subscription,
  type YagnaApi,
  type YagnaApiOptions,
} from "../../services/index.js";
import { SpecValidator } from "./spec-validator.js";

let validator: SpecValidator | undefined | null = null;

/** A devnet, a client on it, and what the client exchanged. */
export interface Harness {
  devnet: Devnet;
  api: YagnaApi;
  exchanges: HttpExchange[];
  /** Calls `listener` with each later exchange, as it completes; returns the unsubscribe. */
  listen(listener: (e: HttpExchange) => void): () => void;
  /** REST calls the devnet counted, by route (`GET /devnet-api/v1/stats`). */
  stats(): Promise<{ total: number; byRoute: Record<string, number> }>;
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a devnet on a free port and a client with fast retries.
 *
 * @example
 * const h = await startHarness({ seed: "market", providerCount: 1 });
 */
export async function startHarness(
  opts: DevnetOptions = {},
  apiOpts: Partial<YagnaApiOptions> = {},
): Promise<Harness> {
  const devnet = await startDevnet({ port: 0, seed: "services", providerCount: 1, ...opts });
  const exchanges: HttpExchange[] = [];
  const listeners = new Set<(e: HttpExchange) => void>();
  const api = createYagnaApi({
    appKey: devnet.appKey,
    url: devnet.url,
    env: {},
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onExchange: (e) => {
      exchanges.push(e);
      for (const l of listeners) l(e);
    },
    ...apiOpts,
  });
  const devnetClient = api.core.client("identity", devnet.url);
  return {
    devnet,
    api,
    exchanges,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stats() {
      const res = await devnetClient.request({ method: "GET", path: "/devnet-api/v1/stats" });
      return res.body as { total: number; byRoute: Record<string, number> };
    },
    async resetStats() {
      await devnetClient.request({ method: "POST", path: "/devnet-api/v1/stats/reset" });
    },
    async stop() {
      await api.close();
      await devnet.stop();
    },
  };
}

/**
 * The schema test of a file: every request sent and every 2xx answer accepted matches the
 * OpenAPI specs, or the documented real shape where the daemon deviates (reported).
 *
 * @example
 * test("every exchange matches the OpenAPI schemas", (t) => checkSchemas(t, h.exchanges));
 */
export function checkSchemas(t: TestContext, exchanges: HttpExchange[]): void {
  if (validator === null) validator = SpecValidator.load();
  if (!validator) return void t.skip("../shared absent: OpenAPI schema checks skipped");
  assert.ok(exchanges.length > 0, "the tests exchanged nothing");
  const problems: string[] = [];
  const deviations = new Set<string>();
  const operations = new Set<string>();
  for (const ex of exchanges) {
    const r = validator.check(ex);
    problems.push(...r.problems);
    for (const d of r.deviations) deviations.add(d);
    if (r.operation) operations.add(r.operation);
  }
  t.diagnostic(
    `${exchanges.length} exchanges, ${operations.size} operations checked: ${[...operations].sort().join(", ")}`,
  );
  for (const d of deviations) t.diagnostic(`documented daemon deviation applied: ${d}`);
  assert.deepEqual(problems, []);
}

/** A demand every devnet provider accepts: 15 min expiration, fast debit notes, a real image. */
export async function demandFor(
  h: Harness,
  allocation: Allocation,
  extra: Properties = {},
): Promise<{ properties: Properties; constraints: string }> {
  const decoration = await h.api.payment.decorateDemand([allocation.id]);
  const repo = h.api.images(h.devnet.url);
  const image = await repo.imageInfo({ tag: "golem/alpine:latest" });
  const properties: Properties = {
    "golem.srv.comp.expiration": Date.now() + 15 * 60_000,
    "golem.node.debug.subnet": "public",
    "golem.srv.caps.multi-activity": true,
    "golem.srv.comp.task_package": await repo.taskPackage(image.sha3),
    "golem.com.payment.chosen-platform": allocation.paymentPlatform,
    ...Object.fromEntries(decoration.properties.map((p) => [p.key, p.value])),
    ...extra,
  };
  const constraints = `(&(golem.node.debug.subnet=public)\n\t${decoration.constraints.join("\n\t")})`;
  return { properties, constraints };
}

/** An allocation on the requestor's first account. */
export async function newAllocation(h: Harness, amount = "50"): Promise<Allocation> {
  const [account] = await h.api.payment.accounts();
  assert.ok(account, "the devnet has a requestor account");
  return h.api.payment.newAllocation(amount, account.platform, account.address);
}

/**
 * Negotiates until a provider's draft arrives and turns it into a confirmed agreement.
 *
 * @example
 * const { agreement, subscription } = await negotiate(h, demand);
 */
export async function negotiate(
  h: Harness,
  demand: { properties: Properties; constraints: string },
): Promise<{ agreement: Agreement; subscription: Subscription }> {
  const subscription = await h.api.market.subscribe(demand.properties, demand.constraints);
  for await (const proposal of subscription.events({ pollTimeoutMs: 2000 })) {
    if (!proposal.isDraft) {
      await proposal.respond(demand.properties, demand.constraints);
      continue;
    }
    const agreement = await proposal.createAgreement();
    assert.equal(await agreement.confirm({ timeoutMs: 5000 }), true, "the provider approves");
    return { agreement, subscription };
  }
  throw new Error("the subscription ended before an agreement was made");
}

/** An activity deployed and started under `agreement`. */
export async function readyActivity(h: Harness, agreement: Agreement): Promise<Activity> {
  const activity = await h.api.activity.newActivity(agreement.id);
  const results = await (await activity.send([{ deploy: {} }, { start: {} }])).results();
  assert.deepEqual(
    results.map((r) => r.success),
    [true, true],
  );
  return activity;
}
