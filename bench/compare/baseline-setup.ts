/**
 * The raw-REST baseline's start-up with services/ only: an allocation, one demand, N
 * agreements negotiated concurrently, and N activities deployed and started, one batch each.
 */
import type {
  Activity,
  Agreement,
  Allocation,
  Properties,
  Subscription,
  YagnaApi,
} from "../../services/index.js";

/** What the baseline holds once its activities are ready. */
export interface BaselineSetup {
  allocation: Allocation;
  subscription: Subscription;
  agreements: Agreement[];
  activities: Activity[];
}

/** The baseline's demand: its properties and constraints. */
export interface BaselineDemand {
  properties: Properties;
  constraints: string;
}

/**
 * The demand for `golem/alpine:latest` in subnet `public`, decorated for `allocation`.
 *
 * @example
 * const d = await baselineDemand(api, devnet.url, allocation);
 * const subscription = await api.market.subscribe(d.properties, d.constraints);
 */
export async function baselineDemand(
  api: YagnaApi,
  repoUrl: string,
  allocation: Allocation,
): Promise<BaselineDemand> {
  const decoration = await api.payment.decorateDemand([allocation.id]);
  const images = api.images(repoUrl);
  const image = await images.imageInfo({ tag: "golem/alpine:latest" });
  const properties: Properties = {
    "golem.srv.comp.expiration": Date.now() + 30 * 60_000,
    "golem.node.debug.subnet": "public",
    "golem.srv.comp.task_package": await images.taskPackage(image.sha3),
    "golem.com.payment.chosen-platform": allocation.paymentPlatform,
    ...Object.fromEntries(decoration.properties.map((p) => [p.key, p.value])),
  };
  const constraints = `(&(golem.node.debug.subnet=public)\n\t${decoration.constraints.join("\n\t")})`;
  return { properties, constraints };
}

/**
 * A 10-token allocation on the daemon's first requestor account.
 *
 * @example
 * const allocation = await baselineAllocation(api);
 */
export async function baselineAllocation(api: YagnaApi): Promise<Allocation> {
  const [account] = await api.payment.accounts();
  if (!account?.address) throw new Error("baseline: the daemon lists no requestor account");
  return api.payment.newAllocation("10", account.platform, account.address);
}

/** Answers every offer at once, and turns the first draft of each provider into an agreement. */
async function negotiate(subscription: Subscription, d: BaselineDemand, count: number): Promise<Agreement[]> {
  const pending: Promise<unknown>[] = [];
  const agreements: Agreement[] = [];
  const issuers = new Set<string>();
  for await (const proposal of subscription.events({ pollTimeoutMs: 5000 })) {
    if (!proposal.isDraft) {
      pending.push(proposal.respond(d.properties, d.constraints));
      continue;
    }
    if (issuers.has(proposal.issuer)) continue;
    issuers.add(proposal.issuer);
    pending.push(
      proposal.createAgreement().then(async (a) => {
        if (await a.confirm({ timeoutMs: 10_000 })) agreements.push(a);
      }),
    );
    if (issuers.size >= count) break;
  }
  await Promise.all(pending);
  if (agreements.length < count) throw new Error(`baseline: ${agreements.length} of ${count} agreements`);
  return agreements;
}

/**
 * Makes `count` agreements and one ready (deployed, started) activity on each.
 *
 * @example
 * const setup = await setUpBaseline(api, devnet.url, 10);
 */
export async function setUpBaseline(api: YagnaApi, repoUrl: string, count: number): Promise<BaselineSetup> {
  const allocation = await baselineAllocation(api);
  const d = await baselineDemand(api, repoUrl, allocation);
  const subscription = await api.market.subscribe(d.properties, d.constraints);
  const agreements = await negotiate(subscription, d, count);
  const activities = await Promise.all(
    agreements.map(async (agreement) => {
      const activity = await api.activity.newActivity(agreement.id);
      const results = await (await activity.send([{ deploy: {} }, { start: {} }])).results();
      if (!results.every((r) => r.success)) throw new Error(`baseline: deploy failed on ${agreement.id}`);
      return activity;
    }),
  );
  return { allocation, subscription, agreements, activities };
}
