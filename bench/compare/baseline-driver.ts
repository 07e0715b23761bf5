/**
 * The raw-REST baseline: the fewest calls the daemon allows for the same work. After the
 * set-up (baseline-setup.ts), each task is one exec of one command plus one long poll for
 * its result, spread over the activities concurrently (one batch at a time per activity,
 * as an exe-unit runs them); then activities are destroyed, agreements terminated and
 * their invoices accepted. Debit notes are not handled: runs end long before the first.
 */
import { type Activity, type Allocation, createYagnaApi, type YagnaApi } from "../../services/index.js";
import { type BaselineSetup, setUpBaseline } from "./baseline-setup.js";
import type { JobInput, JobReport } from "./types.js";

/**
 * Accepts the invoice of each agreement in `agreementIds` as it arrives (each one's full
 * amount); throws naming those without one within 60 s.
 *
 * @example
 * await acceptInvoices(api, allocation, new Set([agreement.id]), since);
 */
export async function acceptInvoices(
  api: YagnaApi,
  allocation: Allocation,
  agreementIds: Set<string>,
  since: Date,
): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  try {
    for await (const ev of api.payment.invoiceEvents({ since, signal: controller.signal })) {
      if (ev.eventType !== "InvoiceReceivedEvent") continue;
      const invoice = await api.payment.invoice(ev.invoiceId);
      if (!agreementIds.delete(invoice.agreementId)) continue;
      await invoice.accept(invoice.amount, allocation);
      if (agreementIds.size === 0) return;
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`baseline: no invoice within 60 s for ${[...agreementIds].join(", ")}`);
}

/**
 * Ends what `setUpBaseline` made: activities destroyed, agreements terminated, the
 * demand unsubscribed, every invoice since `since` accepted, the allocation released.
 *
 * @example
 * await tearDownBaseline(api, setup, since);
 */
export async function tearDownBaseline(api: YagnaApi, setup: BaselineSetup, since: Date): Promise<void> {
  await Promise.all(setup.activities.map((a) => a.destroy()));
  await Promise.all(setup.agreements.map((a) => a.terminate()));
  await setup.subscription.delete();
  await acceptInvoices(api, setup.allocation, new Set(setup.agreements.map((a) => a.id)), since);
  await setup.allocation.release();
}

/**
 * One echo task on `activity`: one exec, one long poll for its result; true when the
 * output came back right.
 *
 * @example
 * const ok = await echoOnce(activity, 7);
 */
export async function echoOnce(activity: Activity, i: number): Promise<boolean> {
  const batch = await activity.send([
    { run: { entry_point: "/bin/echo", args: [`hello-${i}`], capture: { stdout: { atEnd: {} } } } },
  ]);
  const [result] = await batch.results();
  return result?.stdout === `hello-${i}\n`;
}

/**
 * Throughput: `input.tasks` echo tasks over `input.workers` agreements with services/ directly.
 *
 * @example
 * const r = await baselineThroughput({ url, appKey, tasks: 100, workers: 10 });
 */
export async function baselineThroughput(input: JobInput): Promise<Partial<JobReport>> {
  const started = performance.now();
  const since = new Date();
  const api = createYagnaApi({ url: input.url, appKey: input.appKey, env: {} });
  try {
    const setup = await setUpBaseline(api, input.url, input.workers);
    let next = 0;
    let tasksOk = 0;
    await Promise.all(
      setup.activities.map(async (activity) => {
        while (next < input.tasks) {
          if (await echoOnce(activity, next++)) tasksOk++;
        }
      }),
    );
    const runMs = performance.now() - started;
    await tearDownBaseline(api, setup, since);
    return { runMs, totalMs: performance.now() - started, tasksOk };
  } finally {
    await api.close();
  }
}
