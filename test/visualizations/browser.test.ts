// The live viewer in a real browser (Debian's chromium driven by playwright-core): a
// computation on the devnet with the inspector on, held mid-run by its worker, is shown
// with its actor tree, the selected agreement's chart (active state highlighted) and a
// growing event log; a page opened late shows the same current states; once the run ends
// the agreement's chart moves to `terminated`. Screenshots go to test/artifacts/viewer/.
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import type { Devnet } from "../../devnet/index.js";
import { Executor } from "../../src/executor/executor.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import { Task } from "../../src/task.js";
import { devnetPackage, devnetWith, provider } from "../executor/helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const artifacts = new URL("../artifacts/viewer/", import.meta.url).pathname;
// Playwright adds the headless flag itself; these keep chromium off the network.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A promise the test resolves by hand: the worker waits on it before accepting. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** `data-state` of every actor row, by actor name. */
async function statesByName(page: Page): Promise<Record<string, string>> {
  return page.$$eval("[data-testid=actor-tree] [data-actor-id]", (rows) =>
    Object.fromEntries(
      rows.map((r) => [r.getAttribute("data-name") ?? "", r.getAttribute("data-state") ?? ""]),
    ),
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`;

describe("the viewer in chromium", { skip, timeout: 120_000 }, () => {
  let devnet: Devnet;
  let browser: Browser;
  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    devnet = await devnetWith("viewer-browser", [provider("viz-a"), provider("viz-b")]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await devnet?.stop();
  });

  test("shows the actors, the agreement's chart and the log, live and to a late page", async () => {
    const hold = gate();
    const started = gate();
    const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        ctx.run("/bin/echo", [`viz-${task.data}`]);
        const [result] = yield ctx.commit({ timeoutMs: 20_000 });
        started.open();
        await hold.promise;
        task.acceptResult(String(result?.stdout ?? "").trim());
      }
    };
    const executor = new Executor({
      package: await devnetPackage(devnet),
      budget: "5",
      maxWorkers: 2,
      subnetTag: "public",
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
      eventConsumer: () => {},
      inspect: { port: 0 },
    });
    const results: string[] = [];
    const run = (async () => {
      const tasks = [1, 2, 3, 4].map((n) => new Task<number, string>(n));
      for await (const task of executor.submit(worker, tasks)) results.push(task.result ?? "");
    })();
    try {
      const url = (await executor.inspector?.ready) ?? "";
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(url);
      await page.waitForSelector("[data-testid=status][data-status=live]");
      await started.promise;

      // Mid-run: every kind of actor is in the tree.
      for (const kind of ["computation", "agreement", "activity", "task", "payment"]) {
        await page.waitForSelector(`[data-testid=actor-tree] [data-actor-id][data-kind=${kind}]`, {
          timeout: 20_000,
        });
      }
      const agreementRow = page
        .locator("[data-testid=actor-tree] [data-kind=agreement][data-state=inUse]")
        .first();
      await agreementRow.waitFor();
      const agreementName = (await agreementRow.getAttribute("data-name")) ?? "";
      assert.match(agreementName, /^agreement:/);
      await agreementRow.click();
      await page.waitForSelector("[data-testid=chart] svg g.state.active[data-state-id='agreement.inUse']");

      // The log, filtered to the agreement, has its events so far.
      await page.fill("[data-testid=filter-actor]", agreementName);
      await page.waitForSelector("[data-testid=event-row]");
      const rowsMidRun = await page.locator("[data-testid=event-row]").count();
      assert.ok(rowsMidRun > 0);
      await shot(page, "mid-run");

      // A page opened now gets the current state of every actor. While the worker holds its
      // tasks, agreements, activities and tasks stay put (the computation and payments move
      // with offers and debit notes, so they are not compared).
      const late = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await late.goto(url);
      await late.waitForSelector("[data-testid=status][data-status=live]");
      const live = await statesByName(page);
      await late.waitForSelector(`[data-testid=actor-tree] [data-name='${agreementName}']`);
      const lateStates = await statesByName(late);
      for (const name of Object.keys(live).filter((n) => /^(agreement:|activity:|task:)/.test(n))) {
        assert.equal(lateStates[name], live[name], `late page: ${name}`);
      }
      await late.locator(`[data-testid=actor-tree] [data-name='${agreementName}']`).click();
      await late.waitForSelector("[data-testid=chart] svg g.state.active[data-state-id='agreement.inUse']");
      await shot(late, "late-page");

      // Let the run end: the agreement is terminated, its chart and log follow.
      hold.open();
      await run;
      assert.deepEqual(results.sort(), ["viz-1", "viz-2", "viz-3", "viz-4"]);
      await page.waitForSelector(
        "[data-testid=chart] svg g.state.active[data-state-id='agreement.terminated']",
        {
          timeout: 20_000,
        },
      );
      await page.waitForSelector("[data-testid=chart] svg g.edge.last");
      // A string, as it runs in the page (this file has no DOM types).
      await page.waitForFunction(
        `document.querySelectorAll("[data-testid=event-row]").length > ${rowsMidRun}`,
      );
      const terminated = await page
        .locator("[data-testid=event-row][data-type='agreement.terminate']")
        .count();
      assert.ok(terminated > 0, "the log shows the agreement.terminate event");
      await shot(page, "ended");
      await late.close();
      await page.close();
    } finally {
      hold.open();
      await run.catch(() => undefined);
      await executor.shutdown();
    }
  });
});
