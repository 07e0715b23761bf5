/**
 * The raw-REST baseline: the fewest calls the daemon allows for the same work. After the
 * set-up (baseline-setup.ts), each task is one exec of one command plus one long poll for
 * its result, spread over the activities concurrently (one batch at a time per activity,
 * as an exe-unit runs them); then activities are destroyed, agreements terminated and
 * their invoices accepted. Debit notes are not handled: runs end long before the first.
 */
import { type Allocation, createYagnaApi, type YagnaApi } from "../../services/index.js";
import { setUpBaseline } from "./baseline-setup.js";
import { cpuMeter } from "./cpu.js";
import type { DriverInput, DriverMeasure } from "./types.js";

async function acceptInvoices(
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
 * Runs `input.tasks` echo tasks over `input.workers` agreements with services/ directly.
 *
 * @example
 * const m = await runBaseline({ url: devnet.url, appKey: devnet.appKey, tasks: 100, workers: 10 });
 */
export async function runBaseline(input: DriverInput): Promise<DriverMeasure> {
  const cpu = cpuMeter();
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
          const i = next++;
          const batch = await activity.send([
            { run: { entry_point: "/bin/echo", args: [`hello-${i}`], capture: { stdout: { atEnd: {} } } } },
          ]);
          const [result] = await batch.results();
          if (result?.stdout === `hello-${i}\n`) tasksOk++;
        }
      }),
    );
    const runMs = performance.now() - started;
    await Promise.all(setup.activities.map((a) => a.destroy()));
    await Promise.all(setup.agreements.map((a) => a.terminate()));
    await setup.subscription.delete();
    await acceptInvoices(api, setup.allocation, new Set(setup.agreements.map((a) => a.id)), since);
    await setup.allocation.release();
    return { runMs, totalMs: performance.now() - started, tasksOk, cpuS: cpu(), cpuIncludesDevnet: true };
  } finally {
    await api.close();
  }
}
