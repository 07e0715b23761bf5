/**
 * The raw-REST baseline's latency, idle and first-agreement jobs, with services/ only:
 * what the daemon allows at best, for the SDKs' figures to be read against.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createYagnaApi, type YagnaApi } from "../../services/index.js";
import { acceptInvoices, echoOnce, tearDownBaseline } from "./baseline-driver.js";
import { baselineAllocation, baselineDemand, setUpBaseline } from "./baseline-setup.js";
import { cpuMeter } from "./cpu.js";
import { IDLE_SETTLE_MS, type JobInput, type JobReport } from "./types.js";

async function withApi<T>(input: JobInput, body: (api: YagnaApi) => Promise<T>): Promise<T> {
  const api = createYagnaApi({ url: input.url, appKey: input.appKey, env: {} });
  try {
    return await body(api);
  } finally {
    await api.close();
  }
}

/**
 * Latency: one activity, tasks one after another (exec, then the long poll for its
 * result); each task's time is that round trip, the least a task can cost.
 *
 * @example
 * const { taskMs } = await baselineLatency({ url, appKey, tasks: 50, workers: 1, warmup: 3 });
 */
export function baselineLatency(input: JobInput): Promise<Partial<JobReport>> {
  return withApi(input, async (api) => {
    const started = performance.now();
    const since = new Date();
    const setup = await setUpBaseline(api, input.url, 1);
    const activity = setup.activities[0]!;
    const taskMs: number[] = [];
    let tasksOk = 0;
    const warmup = input.warmup ?? 1;
    for (let i = 0; i < warmup + input.tasks; i++) {
      const t0 = performance.now();
      if (await echoOnce(activity, i)) tasksOk++;
      if (i >= warmup) taskMs.push(performance.now() - t0);
    }
    const runMs = performance.now() - started;
    await tearDownBaseline(api, setup, since);
    return { runMs, totalMs: performance.now() - started, tasksOk, taskMs };
  });
}

/**
 * Idle: one warm activity after one task, and the three feeds a requestor must watch
 * while it holds an agreement (agreement, debit-note and invoice events) long-polling;
 * after a settle of IDLE_SETTLE_MS, the process's CPU over `input.idleMs` is the floor of an idle requestor.
 *
 * @example
 * const { idleCpuS } = await baselineIdle({ url, appKey, tasks: 0, workers: 1, idleMs: 30_000 });
 */
export function baselineIdle(input: JobInput): Promise<Partial<JobReport>> {
  return withApi(input, async (api) => {
    const idleMs = input.idleMs ?? 30_000;
    const since = new Date();
    const setup = await setUpBaseline(api, input.url, 1);
    const tasksOk = (await echoOnce(setup.activities[0]!, 0)) ? 1 : 0;
    const controller = new AbortController();
    const { signal } = controller;
    const drain = async (feed: AsyncIterable<unknown>) => {
      for await (const _ of feed) {
        // An idle agreement produces no events within the window.
      }
    };
    const feeds = [
      drain(api.market.agreementEvents({ since, signal })),
      drain(api.payment.debitNoteEvents({ since, signal })),
      drain(api.payment.invoiceEvents({ since, signal })),
    ];
    // The feeds' first polls (new connections) are set-up, not idling.
    await sleep(IDLE_SETTLE_MS);
    globalThis.gc?.();
    const cpu = cpuMeter();
    await sleep(idleMs);
    const idleCpuS = cpu();
    controller.abort();
    await Promise.all(feeds);
    await tearDownBaseline(api, setup, since);
    return { tasksOk, idleCpuS, idleMs };
  });
}

/**
 * First agreement, the trivial way: counter the first offer that arrives, then make the
 * agreement of the provider's draft and wait for its approval; times it from the first
 * offer received (and from the subscription). Offers are read 100 at a time, the most the
 * daemon returns per call.
 *
 * @example
 * const { firstAgreementMs } = await baselineFirstAgreement({ url, appKey, tasks: 1, workers: 1 });
 */
export function baselineFirstAgreement(input: JobInput): Promise<Partial<JobReport>> {
  return withApi(input, async (api) => {
    const since = new Date();
    const allocation = await baselineAllocation(api);
    const d = await baselineDemand(api, input.url, allocation);
    const subscribedAt = performance.now();
    const subscription = await api.market.subscribe(d.properties, d.constraints);
    let firstOfferAt: number | undefined;
    let counterId: string | undefined;
    let offersSeen = 0;
    try {
      for await (const proposal of subscription.events({ pollTimeoutMs: 5000, maxEvents: 100 })) {
        firstOfferAt ??= performance.now();
        if (!proposal.isDraft) {
          offersSeen++;
          counterId ??= await proposal.respond(d.properties, d.constraints);
          continue;
        }
        if (proposal.prevProposalId !== counterId) continue;
        const agreement = await proposal.createAgreement();
        if (!(await agreement.confirm({ timeoutMs: 10_000 })))
          throw new Error(`baseline: agreement ${agreement.id} was not approved`);
        const agreedAt = performance.now();
        await agreement.terminate();
        await acceptInvoices(api, allocation, new Set([agreement.id]), since);
        return {
          tasksOk: 0,
          firstAgreementMs: agreedAt - firstOfferAt,
          sinceSubscribeMs: agreedAt - subscribedAt,
          offersSeen,
        };
      }
      throw new Error("baseline: the offers ended before an agreement was made");
    } finally {
      await subscription.delete();
      await allocation.release();
    }
  });
}
