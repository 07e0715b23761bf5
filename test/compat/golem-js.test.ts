// The unmodified peer SDK runs on the devnet: golem-js's TaskExecutor completes a
// 20-task job, with plain commands and with gftp file transfers, and leaves every
// agreement terminated and every invoice paid.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { runTeJob } from "./run-te-job.js";

async function get<T>(devnet: Devnet, path: string): Promise<T> {
  const res = await fetch(`${devnet.url}${path}`, { headers: { authorization: `Bearer ${devnet.appKey}` } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** Every agreement the job made is terminated, and each has exactly one invoice, accepted and paid. */
async function assertAllPaid(devnet: Devnet): Promise<void> {
  const agreements = await get<{ id: string }[]>(devnet, "/market-api/v1/agreements");
  assert.ok(agreements.length > 0, "the job made no agreement");
  const invoices = await get<{ agreementId: string; status: string; amount: string }[]>(
    devnet,
    "/payment-api/v1/invoices",
  );
  for (const { id } of agreements) {
    const agreement = await get<{ state: string }>(devnet, `/market-api/v1/agreements/${id}`);
    assert.equal(agreement.state, "Terminated", `agreement ${id} left ${agreement.state}`);
    const mine = invoices.filter((i) => i.agreementId === id);
    assert.equal(mine.length, 1, `agreement ${id} has ${mine.length} invoices`);
    assert.ok(["ACCEPTED", "SETTLED"].includes(mine[0]!.status), `invoice of ${id} is ${mine[0]!.status}`);
  }
}

describe("golem-js TaskExecutor 2.0.1 on the devnet", { timeout: 240_000 }, () => {
  let workdir: string;
  before(() => {
    workdir = mkdtempSync(join(tmpdir(), "yatsapi-te-"));
  });
  after(() => rmSync(workdir, { recursive: true, force: true }));

  test("runs a 20-task job with plain commands and pays every invoice", async () => {
    const devnet = await startDevnet({
      port: 0,
      seed: "golem-js-plain",
      providers: ["lynx", "otter", "heron", "badger"].map((name) => ({ name, debitNoteIntervalSec: 2 })),
    });
    try {
      const out = await runTeJob(devnet, { TASKS: "20", PAR: "4", MODE: "plain" });
      assert.equal(out.error, undefined, `${out.error}\n${out.stderr.slice(-3000)}`);
      assert.deepEqual(
        out.results,
        Array.from({ length: 20 }, (_, i) => `hello-${i}`),
      );
      await assertAllPaid(devnet);
    } finally {
      await devnet.stop();
    }
  });

  test("moves files both ways over gftp and pays every invoice", async () => {
    const devnet = await startDevnet({ port: 0, seed: "golem-js-gftp", providerCount: 4 });
    try {
      const out = await runTeJob(devnet, { TASKS: "20", PAR: "4", MODE: "gftp", WORKDIR: workdir });
      assert.equal(out.error, undefined, `${out.error}\n${out.stderr.slice(-3000)}`);
      assert.deepEqual(
        out.results,
        Array.from({ length: 20 }, (_, i) => `PAYLOAD-${i}`),
      );
      await assertAllPaid(devnet);
    } finally {
      await devnet.stop();
    }
  });
});
