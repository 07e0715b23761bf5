/**
 * The scale scenarios: the memory of 100 000 queued tasks, and the time from 10 000
 * offers (500 providers, 20 offers each) arriving to the first approved agreement.
 */
import { type DevnetRun, onFreshDevnet } from "./fresh-devnet.js";
import type { BenchPlan } from "./plan.js";
import { median } from "./stats.js";
import { measured } from "./table.js";
import { need, type Row, type ScenarioResult } from "./types.js";

/**
 * Runs the queued-tasks job (yatsapi only: golem-js and the baseline have no queue to
 * measure) and returns its scenario.
 *
 * @example
 * const queue = await runQueue(benchPlan(true));
 */
export async function runQueue(plan: BenchPlan): Promise<ScenarioResult> {
  const tasks = plan.scale.queuedTasks;
  console.log(`scale (queue): ${tasks} tasks queued with no provider`);
  const run = await onFreshDevnet("yatsapi", "queue", 1, { providers: 0 }, { tasks, workers: 5 });
  const r = run.report;
  const rss = need(r, "rssAfterGcMb", "yatsapi queue");
  console.log(`  yatsapi: ${rss.toFixed(0)} MB after GC, peak ${r.peakRssMb.toFixed(0)} MB`);
  return {
    name: "scale: queued tasks",
    method: `${tasks} tasks submitted to an executor (5 workers) on a devnet with no provider, so every task stays queued; the driver process runs as plain JavaScript. RSS after a full GC once the demand is subscribed, and the process's peak RSS. yatsapi only: golem-js and the baseline have no queue of their own to measure.`,
    columns: [
      { key: "rssAfterGcMb", title: "RSS after GC MB", better: "lower", digits: 0 },
      { key: "peakRssMb", title: "peak RSS MB", better: "lower", digits: 0 },
      { key: "startRssMb", title: "RSS before the tasks MB", better: "none", digits: 0 },
    ],
    rows: [
      { driver: "yatsapi", values: { rssAfterGcMb: rss, peakRssMb: r.peakRssMb, startRssMb: r.startRssMb } },
    ],
    targets: [
      {
        target: `${tasks} queued tasks <= 150 MB RSS (peak)`,
        measured: `${measured(r.peakRssMb, "MB", 0)} (after GC ${measured(rss, "MB", 0)})`,
        pass: r.peakRssMb <= 150,
      },
    ],
    runs: [run],
  };
}

/**
 * Runs the first-agreement rounds (yatsapi, and the baseline's "counter the first offer"
 * as the reference) and returns the scenario.
 *
 * @example
 * const offers = await runFirstAgreement(benchPlan(true));
 */
export async function runFirstAgreement(plan: BenchPlan): Promise<ScenarioResult> {
  const { providers, offersPerProvider, rounds } = plan.scale;
  const offers = providers * offersPerProvider;
  console.log(
    `scale (offers): ${offers} offers from ${providers} providers, time to the first agreement, ${rounds} round(s)`,
  );
  const runs: DevnetRun[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const driver of ["yatsapi", "baseline"] as const) {
      const run = await onFreshDevnet(
        driver,
        "first-agreement",
        round,
        { providers, offers: offersPerProvider },
        { tasks: 1, workers: 1 },
      );
      runs.push(run);
      console.log(
        `  round ${round} ${driver}: ${need(run.report, "firstAgreementMs", driver).toFixed(0)} ms after the first offer, ${run.restCalls} REST calls`,
      );
    }
  }
  const rows: Row[] = (["yatsapi", "baseline"] as const).map((driver) => {
    const mine = runs.filter((r) => r.driver === driver);
    const m = (pick: (r: DevnetRun) => number) => median(mine.map(pick));
    return {
      driver,
      values: {
        firstAgreementMs: m((r) => need(r.report, "firstAgreementMs", driver)),
        sinceSubscribeMs: m((r) => need(r.report, "sinceSubscribeMs", driver)),
        offersSeen: m((r) => need(r.report, "offersSeen", driver)),
        restCalls: m((r) => r.restCalls),
      },
    };
  });
  const yats = rows[0]!.values.firstAgreementMs!;
  return {
    name: "scale: first agreement among many offers",
    method: `${providers} providers publishing ${offersPerProvider} offers each (${offers} offers, prices 1 % apart per offer), medians of ${rounds} round(s). The time runs from the first offer the driver receives to its first approved agreement (and from its subscription). yatsapi runs one worker for one task with its default strategy; the baseline counters the first offer it reads and signs that provider's draft, reading events 100 at a time. golem-js is not run here: the measure asked for is yatsapi's, with the trivial baseline as the reference.`,
    columns: [
      { key: "firstAgreementMs", title: "first offer → agreement ms", better: "lower", digits: 0 },
      { key: "sinceSubscribeMs", title: "subscription → agreement ms", better: "lower", digits: 0 },
      { key: "offersSeen", title: "proposals read before it", better: "none", digits: 0 },
      { key: "restCalls", title: "REST calls (whole run)", better: "lower", digits: 0 },
    ],
    rows,
    targets: [
      {
        target: `first agreement within 1 s of ${offers} offers arriving`,
        measured: measured(yats, "ms", 0),
        pass: yats <= 1000,
      },
    ],
    runs,
  };
}
