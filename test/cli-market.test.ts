// `yatsapi demand` against an in-process devnet: tables, --json, --only-expired, clearing,
// and the errors a user can run into; and how every clear reports what it could not remove.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ApiError, type Subscription } from "../services/index.js";
import { clearAll } from "../src/cli/clear-all.js";
import { assertBelow, type CliRun, closedPortUrl, runCli, tableCells } from "./cli-helpers.js";
import { demandFor, type Harness, newAllocation, startHarness } from "./services/harness.js";

const EXPIRATION = "golem.srv.comp.expiration";

describe("yatsapi demand", () => {
  let h: Harness;
  let key: string[];
  let live: Subscription;
  let stale: Subscription;
  let liveExpiration: number;
  let staleExpiration: number;
  const run = (...args: string[]): Promise<CliRun> => runCli([...args, ...key]);

  before(async () => {
    h = await startHarness({ seed: "cli-market", providers: [{ name: "p", debitNoteIntervalSec: 1 }] });
    key = ["--url", h.devnet.url, "--app-key", h.devnet.appKey];
    const demand = await demandFor(h, await newAllocation(h, "5"));
    liveExpiration = Date.now() + 15 * 60_000;
    staleExpiration = Date.now() - 2 * 3_600_000;
    live = await h.api.market.subscribe(
      { ...demand.properties, [EXPIRATION]: liveExpiration },
      demand.constraints,
    );
    // A demand whose agreement expiration has passed: no provider matches it any more.
    stale = await h.api.market.subscribe(
      { "golem.node.debug.subnet": "public", [EXPIRATION]: staleExpiration },
      "(&(golem.node.debug.subnet=public))",
    );
  });
  after(() => h.stop());

  const short = (id: string) => `${id.slice(0, 10)}…${id.slice(-8)}`;
  const time = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")}Z`;

  test("list: an aligned table of the demands, and how many have expired", async () => {
    const r = await run("demand", "list");
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = tableCells(r.stdout);
    assert.deepEqual(header, ["ID", "PUBLISHED", "EXPIRES", "SUBNET", "PLATFORM"]);
    const liveRow = rows.find((row) => row[0] === short(live.id));
    const staleRow = rows.find((row) => row[0] === short(stale.id));
    assert.ok(liveRow && staleRow, r.stdout);
    assert.match(liveRow[1] ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    assert.match(liveRow[2] ?? "", new RegExp(`^${time(liveExpiration)} \\(in 1[45]m\\)$`));
    assert.deepEqual(liveRow.slice(3), ["public", "erc20-holesky-tglm"]);
    assert.equal(staleRow[2], `${time(staleExpiration)} (expired 2h ago)`);
    assert.deepEqual(staleRow.slice(3), ["public", "-"]);
    assertBelow(r.stdout, "EXPIRES", `${time(staleExpiration)} (expired`);
    assertBelow(r.stdout, "PLATFORM", "erc20-holesky-tglm");
    assert.ok(
      r.stdout.endsWith(
        "2 demands running (1 expired: remove them with `yatsapi demand clear --only-expired`)\n",
      ),
      r.stdout,
    );
  });

  test("list --only-expired and --json: whole ids, properties, expiration", async () => {
    const r = await run("demand", "list", "--only-expired");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(tableCells(r.stdout).length, 2, r.stdout);
    assert.ok(r.stdout.includes(short(stale.id)));
    assert.ok(r.stdout.endsWith("1 expired demand (of 2 running)\n"), r.stdout);

    const json = await run("demand", "list", "--json");
    assert.equal(json.code, 0, json.stderr);
    const demands = JSON.parse(json.stdout) as Record<string, unknown>[];
    const byId = new Map(demands.map((d) => [d.demandId, d]));
    const liveJson = byId.get(live.id);
    assert.ok(liveJson && byId.has(stale.id), json.stdout);
    assert.equal(liveJson.expired, false);
    assert.equal(liveJson.expiration, new Date(liveExpiration).toISOString());
    assert.equal(liveJson.requestorId, h.devnet.identity);
    assert.equal((liveJson.properties as Record<string, unknown>)[EXPIRATION], liveExpiration);
    assert.equal(typeof liveJson.constraints, "string");
    assert.equal(byId.get(stale.id)?.expired, true);

    const expiredJson = await run("demand", "list", "--only-expired", "--json");
    assert.deepEqual(
      (JSON.parse(expiredJson.stdout) as Record<string, unknown>[]).map((d) => d.demandId),
      [stale.id],
    );
  });

  test("clear --only-expired removes the expired demand only; clear removes the rest", async () => {
    const r = await run("demand", "clear", "--only-expired");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `removed ${stale.id}\n1 demand removed\n`);
    const ids = (await h.api.market.subscriptions()).map((s) => s.id);
    assert.deepEqual(ids, [live.id]);

    const nothing = await run("demand", "clear", "--only-expired", "--json");
    assert.deepEqual(JSON.parse(nothing.stdout), { removed: [], failed: [] });

    const all = await run("demand", "clear", "--json");
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(JSON.parse(all.stdout), { removed: [live.id], failed: [] });
    assert.deepEqual(await h.api.market.subscriptions(), []);

    const empty = await run("demand", "list");
    assert.equal(empty.stdout, "0 demands running\n");
    assert.deepEqual(JSON.parse((await run("demand", "list", "--json")).stdout), []);
  });

  test("errors: no app key, unreachable daemon, refused key, bad flags, --help", async () => {
    const noKey = await runCli(["demand", "list", "--url", h.devnet.url], { YAGNA_API_URL: h.devnet.url });
    assert.equal(noKey.code, 2);
    assert.equal(
      noKey.stderr,
      "yatsapi demand: no app key: set YAGNA_APPKEY (or run `npx yatsapi devnet` and eval its output), or pass --app-key\n" +
        'Run "yatsapi demand --help" for usage.\n',
    );

    const closed = await closedPortUrl();
    for (const sub of ["list", "clear"]) {
      const r = await runCli(["demand", sub, "--app-key", "k"], { YAGNA_API_URL: closed });
      assert.equal(r.code, 1, sub);
      assert.equal(
        r.stderr,
        `yatsapi demand: cannot reach the daemon at ${closed} (ECONNREFUSED): start it (\`yagna service run\`, ` +
          "or `npx yatsapi devnet` for a local devnet and eval its output), or point --url / YAGNA_API_URL at it\n",
      );
    }

    const refused = await runCli(["demand", "list", "--app-key", "wrong"], { YAGNA_API_URL: h.devnet.url });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`the daemon at ${h.devnet.url} refused the app key \\(401\\)`));

    for (const [args, message] of [
      [["demand", "list", "--only-expired=yes"], /--only-expired/],
      [["demand", "clear", "--expired"], /unknown option --expired/],
      [["demand", "drop"], /unknown subcommand 'drop' \(known: list, clear\)/],
      [["demand"], /missing subcommand: list or clear/],
    ] as const) {
      const r = await runCli([...args]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }

    for (const args of [
      ["demand", "--help"],
      ["demand", "list", "--help"],
      ["demand", "clear", "-h"],
      ["help", "demand"],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, args.join(" "));
      assert.match(r.stdout, /^Usage: yatsapi demand list \[--only-expired\]/);
      assert.match(r.stdout, /\n {2}--only-expired {7}only the demands that have expired\n/);
    }
  });
});

describe("clearing reports what it could not remove", () => {
  test("a failure is named, the others are still removed, and the exit code is 1", async () => {
    const removed: string[] = [];
    const item = (id: string, fail?: unknown) => ({
      id,
      label: id,
      remove: async () => {
        if (fail) throw fail;
        removed.push(id);
      },
    });
    const refusal = new ApiError("payment", "DELETE", "/allocations/b", 500, "database locked", null);
    const out = { stdout: "", stderr: "" };
    const io = {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    };
    const code = await clearAll(
      io,
      "http://127.0.0.1:1",
      "allocation",
      "released",
      [item("a"), item("b", refusal), item("c")],
      false,
    );
    assert.equal(code, 1);
    assert.deepEqual(removed, ["a", "c"]);
    assert.equal(out.stdout, "released a\nreleased c\n2 allocations released; 1 could not be removed\n");
    assert.equal(
      out.stderr,
      "could not remove allocation b: the daemon at http://127.0.0.1:1 refused DELETE /allocations/b (500): database locked\n",
    );

    out.stdout = "";
    const json = await clearAll(
      io,
      "http://127.0.0.1:1",
      "demand",
      "removed",
      [item("x", new Error("boom"))],
      true,
    );
    assert.equal(json, 1);
    assert.deepEqual(JSON.parse(out.stdout), { removed: [], failed: [{ id: "x", error: "boom" }] });
  });
});
