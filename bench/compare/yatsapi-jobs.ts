/**
 * The yatsapi driver's idle and scale jobs: an executor holding a warm agreement with
 * nothing to do, 100 000 queued tasks, and the first agreement among 10 000 offers.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Task } from "../../src/index.js";
import { cpuMeter } from "./cpu.js";
import { IDLE_SETTLE_MS, type JobInput, type JobReport } from "./types.js";
import { benchExecutor, echoTasks, echoWorker } from "./yatsapi-driver.js";

/** Warm-up tasks before the idle window, as many as the other drivers' idle jobs run. */
const WARM_TASKS = 4;

/**
 * Idle: one worker runs 4 tasks on one provider, then the input has nothing more for
 * `input.idleMs`: the agreement and the activity stay up, and after a settle of
 * IDLE_SETTLE_MS the process's CPU over that window is the idle cost (long polls, timers).
 *
 * @example
 * const { idleCpuS } = await yatsapiIdle({ url, appKey, tasks: 0, workers: 1, idleMs: 30_000 });
 */
export async function yatsapiIdle(input: JobInput): Promise<Partial<JobReport>> {
  const idleMs = input.idleMs ?? 30_000;
  const executor = benchExecutor({ ...input, workers: 1 });
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  async function* source(): AsyncGenerator<Task<number, string>> {
    for (let i = 0; i < WARM_TASKS; i++) yield new Task<number, string>(i);
    await released;
  }
  const warmTimeout = setTimeout(release, 120_000);
  let tasksOk = 0;
  let idleCpuS: number | undefined;
  try {
    for await (const task of executor.submit(echoWorker, source())) {
      if (task.result === `hello-${task.data}`) tasksOk++;
      if (tasksOk < WARM_TASKS) continue;
      clearTimeout(warmTimeout);
      await sleep(IDLE_SETTLE_MS);
      // The tasks' garbage is theirs, not idling's: V8 would collect it within the window.
      globalThis.gc?.();
      const cpu = cpuMeter();
      await sleep(idleMs);
      idleCpuS = cpu();
      release();
    }
  } finally {
    clearTimeout(warmTimeout);
    await executor.shutdown();
  }
  if (idleCpuS === undefined)
    throw new Error(`yatsapi idle: only ${tasksOk} of ${WARM_TASKS} warm-up tasks ran`);
  return { tasksOk, idleCpuS, idleMs };
}

/**
 * Queue: `input.tasks` tasks submitted to a devnet without providers, so every one stays
 * queued; RSS is read once the demand is subscribed and a full GC has run.
 *
 * @example
 * const { rssAfterGcMb } = await yatsapiQueue({ url, appKey, tasks: 100_000, workers: 5 });
 */
export async function yatsapiQueue(input: JobInput): Promise<Partial<JobReport>> {
  let subscribed = () => {};
  const subscription = new Promise<void>((resolve) => {
    subscribed = resolve;
  });
  const executor = benchExecutor(input, {
    eventConsumer: (e) => {
      if (e.type === "SubscriptionCreated") subscribed();
    },
  });
  const run = (async () => {
    for await (const _ of executor.submit(echoWorker, echoTasks(input.tasks))) {
      // No provider exists: no task is ever accepted.
    }
  })();
  // Collects the rejection the cancelled computation may end with; the measure is taken by then.
  const settled = run.catch((err: unknown) => err);
  await Promise.race([subscription, settled]);
  // Let the first requests for tasks and the feeds' first long polls go out.
  await sleep(1000);
  globalThis.gc?.();
  const rssAfterGcMb = process.memoryUsage().rss / 2 ** 20;
  await executor.shutdown();
  await settled;
  return { rssAfterGcMb };
}

/**
 * First agreement: one worker, one task, on a market of many offers; times the first
 * approved agreement from the first offer received (and from the subscription).
 *
 * @example
 * const { firstAgreementMs } = await yatsapiFirstAgreement({ url, appKey, tasks: 1, workers: 1 });
 */
export async function yatsapiFirstAgreement(input: JobInput): Promise<Partial<JobReport>> {
  let subscribedAt: number | undefined;
  let firstOfferAt: number | undefined;
  let agreedAt: number | undefined;
  let offers = 0;
  let offersSeen = 0;
  const executor = benchExecutor(
    { ...input, workers: 1 },
    {
      eventConsumer: (e) => {
        const now = performance.now();
        if (e.type === "SubscriptionCreated") subscribedAt ??= now;
        if (e.type === "ProposalReceived") {
          offers++;
          firstOfferAt ??= now;
        }
        if (e.type === "AgreementConfirmed" && agreedAt === undefined) {
          agreedAt = now;
          offersSeen = offers;
        }
      },
    },
  );
  let tasksOk = 0;
  try {
    for await (const task of executor.submit(echoWorker, echoTasks(1))) {
      if (task.result === `hello-${task.data}`) tasksOk++;
    }
  } finally {
    await executor.shutdown();
  }
  if (subscribedAt === undefined || firstOfferAt === undefined || agreedAt === undefined)
    throw new Error("yatsapi first agreement: no subscription, offer or approved agreement was logged");
  return {
    tasksOk,
    firstAgreementMs: agreedAt - firstOfferAt,
    sinceSubscribeMs: agreedAt - subscribedAt,
    offersSeen,
  };
}
