/**
 * Micro-benchmark of services/ against an in-process devnet (127.0.0.1 only, bounded in
 * time): requests per second of `GET /me`, CPU used by idle long polls, and the REST calls
 * one exec of one command with results costs. Not part of `npm test`; run `npm run bench`.
 */
import {
  demandFor,
  negotiate,
  newAllocation,
  readyActivity,
  startHarness,
} from "../test/services/harness.js";

/** What the services benchmark measured. */
export interface ServicesBenchResult {
  meRequestsPerSecond: number;
  meRequests: number;
  idleSeconds: number;
  idleCpuMs: number;
  idleCpuMsPerMinute: number;
  idleRequests: number;
  execRestCalls: number;
  execCallsByRoute: Record<string, number>;
}

/**
 * Runs the three measurements and prints them.
 *
 * @example
 * const result = await runServicesBench({ idleSeconds: 10 });
 */
export async function runServicesBench(
  opts: { meSeconds?: number; idleSeconds?: number } = {},
): Promise<ServicesBenchResult> {
  const meSeconds = opts.meSeconds ?? 3;
  const idleSeconds = opts.idleSeconds ?? 10;
  const h = await startHarness(
    { seed: "bench", providers: [{ name: "lynx", maxAgreements: 2 }] },
    { onExchange: undefined },
  );
  try {
    // 1. GET /me throughput: 8 callers back to back over keep-alive connections.
    const until = Date.now() + meSeconds * 1000;
    let meRequests = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < until) {
          await h.api.identity.me();
          meRequests++;
        }
      }),
    );
    const meRequestsPerSecond = meRequests / ((performance.now() - started) / 1000);

    // 2. Idle long polls: a demand nothing matches, and the agreement, debit-note and invoice feeds.
    const controller = new AbortController();
    const { signal } = controller;
    const sub = await h.api.market.subscribe(
      { "golem.srv.comp.expiration": Date.now() + 600_000 },
      "(golem.node.debug.subnet=nobody)",
    );
    await h.resetStats();
    const cpuBefore = process.cpuUsage();
    const drain = async (feed: AsyncIterable<unknown>) => {
      for await (const _ of feed) {
        // Nothing should arrive while idle.
      }
    };
    const feeds = [
      drain(sub.events({ signal })),
      drain(h.api.market.agreementEvents({ signal })),
      drain(h.api.payment.debitNoteEvents({ signal })),
      drain(h.api.payment.invoiceEvents({ signal })),
    ];
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const cpu = process.cpuUsage(cpuBefore);
    controller.abort();
    await Promise.all(feeds);
    const idleRequests = (await h.stats()).total;
    await sub.delete();
    const idleCpuMs = (cpu.user + cpu.system) / 1000;

    // 3. REST calls for one exec of one command with results.
    const allocation = await newAllocation(h);
    const { agreement, subscription } = await negotiate(h, await demandFor(h, allocation));
    const activity = await readyActivity(h, agreement);
    await h.resetStats();
    const batch = await activity.send([
      { run: { entry_point: "/bin/echo", args: ["hello"], capture: { stdout: { atEnd: {} } } } },
    ]);
    const [ran] = await batch.results();
    if (ran?.stdout !== "hello\n") throw new Error(`unexpected result ${JSON.stringify(ran)}`);
    const { total: execRestCalls, byRoute: execCallsByRoute } = await h.stats();
    await activity.destroy();
    await agreement.terminate();
    await subscription.delete();
    await allocation.release();

    const result: ServicesBenchResult = {
      meRequestsPerSecond: Math.round(meRequestsPerSecond),
      meRequests,
      idleSeconds,
      idleCpuMs: Math.round(idleCpuMs),
      idleCpuMsPerMinute: Math.round((idleCpuMs * 60) / idleSeconds),
      idleRequests,
      execRestCalls,
      execCallsByRoute,
    };
    console.log("services (in-process devnet, 127.0.0.1):");
    console.log(
      `  GET /me: ${result.meRequestsPerSecond} requests/s (${meRequests} in ${meSeconds} s, 8 callers)`,
    );
    console.log(
      `  idle long polls (4 feeds, ${idleSeconds} s): ${result.idleCpuMs} ms CPU (${result.idleCpuMsPerMinute} ms/min, client and devnet together), ${idleRequests} requests`,
    );
    console.log(
      `  one exec of one command with results: ${execRestCalls} REST calls ${JSON.stringify(execCallsByRoute)}`,
    );
    return result;
  } finally {
    await h.stop();
  }
}
