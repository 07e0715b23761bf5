// Files move through gftp and devnet providers byte for byte (0 bytes, 1 byte, 50 MB), and
// the storage publishes each content once, closes what it published and removes its temp
// files. The real `bin/gftp` is wrapped by a recorder of the JSON-RPC lines it is sent.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Devnet } from "../../devnet/index.js";
import { Executor } from "../../src/executor/executor.js";
import { GftpStorage } from "../../src/storage/index.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import { Task } from "../../src/task.js";
import { assertSettled, devnetPackage, devnetWith, EventLog, provider } from "./helpers.js";

const gftpBin = new URL("../../bin/gftp", import.meta.url).pathname;

/** Runs `gftp server`, appending every line it is sent to the file in argv[1]. */
const RECORDER = `
const { spawn } = require("node:child_process");
const { appendFileSync } = require("node:fs");
const [log, gftp] = process.argv.slice(1);
const child = spawn(gftp, ["server"], { stdio: ["pipe", "inherit", "inherit"] });
process.stdin.on("data", (d) => { appendFileSync(log, d); child.stdin.write(d); });
process.stdin.on("end", () => child.stdin.end());
child.on("exit", (code) => process.exit(code ?? 0));
`;

interface RpcCall {
  method: string;
  params: { files?: string[]; urls?: string[] };
}

async function calls(log: string): Promise<RpcCall[]> {
  const text = await readFile(log, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as RpcCall);
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

describe("gftp transfers through devnet providers", { timeout: 120_000 }, () => {
  let devnet: Devnet;
  let dir: string;
  const savedTmp = process.env.TMPDIR;

  before(async () => {
    devnet = await devnetWith("gftp-transfers", [provider("a"), provider("b")]);
    dir = await mkdtemp(join(tmpdir(), "yatsapi-gftp-test-"));
    // The storage's temp folder goes here, so the test can see it come and go.
    process.env.TMPDIR = join(dir, "tmp");
    await mkdir(process.env.TMPDIR);
  });
  after(async () => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await devnet.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("0 B, 1 B and 50 MB round-trip byte for byte; each content is published once", async () => {
    const sizes = { empty: 0, one: 1, big: 50 * 1024 * 1024 };
    const inputs = new Map<string, string>();
    for (const [name, size] of Object.entries(sizes)) {
      const path = join(dir, `${name}.in`);
      await writeFile(path, randomBytes(size));
      inputs.set(name, path);
    }
    // Same bytes as "one" under another name: it must not be published again.
    const copy = join(dir, "one-copy.in");
    await writeFile(copy, await readFile(inputs.get("one")!));
    inputs.set("one-copy", copy);

    const rpcLog = join(dir, "rpc.log");
    const log = new EventLog();
    const worker: WorkerFunction<string, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        const out = join(dir, `${task.data}.out`);
        ctx.sendFile(inputs.get(task.data)!, "/golem/input/x");
        // A JSON payload shared by every task goes through the storage's temp folder.
        ctx.sendJson("/golem/input/meta.json", { kind: "meta" });
        ctx.run("/bin/sh", ["-c", "cp /golem/input/x /golem/output/y"]);
        ctx.downloadFile("/golem/output/y", out);
        yield ctx.commit({ timeoutMs: 60_000 });
        task.acceptResult(out);
      }
    };
    const executor = new Executor({
      package: await devnetPackage(devnet),
      budget: "10",
      maxWorkers: 2,
      subnetTag: "public",
      eventConsumer: log.consumer,
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
      gftpCommand: [process.execPath, "-e", RECORDER, rpcLog, gftpBin],
    });
    const done: Task<string, string>[] = [];
    try {
      for await (const task of executor.submit(
        worker,
        [...inputs.keys()].map((n) => new Task<string, string>(n)),
      ))
        done.push(task);
    } finally {
      await executor.shutdown();
    }
    assert.equal(done.length, inputs.size);
    for (const task of done) {
      const input = inputs.get(task.data)!;
      assert.equal((await stat(task.result!)).size, (await stat(input)).size, `${task.data}: size`);
      assert.equal(await sha256(task.result!), await sha256(input), `${task.data}: sha256`);
    }

    const rpc = await calls(rpcLog);
    const published = rpc.filter((c) => c.method === "publish").flatMap((c) => c.params.files ?? []);
    // empty, one, big and the JSON: one-copy and the repeated JSON reuse their URLs.
    assert.equal(published.length, 4, `published ${published.join(", ")}`);
    assert.ok(!published.includes(copy), "the copy of 'one' was published again");
    const jsonFile = published.find((f) => f.startsWith(join(dir, "tmp")));
    assert.ok(jsonFile, "the JSON was written in the storage's temp folder");

    const closed = new Set(rpc.filter((c) => c.method === "close").flatMap((c) => c.params.urls ?? []));
    const devnetFiles = await fetch(`${devnet.url}/devnet-api/v1/gftp`, {
      headers: { authorization: `Bearer ${devnet.appKey}` },
    }).then((r) => r.json() as Promise<{ published: unknown[]; awaited: unknown[] }>);
    assert.deepEqual(devnetFiles, { published: [], awaited: [] }, "nothing stays registered");
    // 4 published URLs and one destination per task.
    assert.equal(closed.size, 4 + inputs.size, "every URL the storage registered was closed");
    assert.equal(rpc.at(-1)?.method, "shutdown");
    const left = (await readdir(join(dir, "tmp"))).filter((n) => n.startsWith("yatsapi-gftp-"));
    assert.deepEqual(left, [], "the storage's temp folder is gone");
    await assertSettled(devnet);
  });

  test("the same bytes given twice to a storage give one URL and one publish", async () => {
    const rpcLog = join(dir, "rpc-bytes.log");
    const storage = new GftpStorage({
      command: [process.execPath, "-e", RECORDER, rpcLog, gftpBin],
      env: { ...process.env, YAGNA_API_URL: devnet.url, YAGNA_APPKEY: devnet.appKey },
    });
    const bytes = new TextEncoder().encode("same");
    const [a, b] = await Promise.all([storage.uploadBytes(bytes), storage.uploadBytes(bytes)]);
    const c = await storage.uploadBytes(new TextEncoder().encode("other"));
    await storage.close();
    assert.equal(a, b);
    assert.notEqual(a.downloadUrl, c.downloadUrl);
    const rpc = await calls(rpcLog);
    assert.deepEqual(
      rpc.map((r) => r.method),
      ["publish", "publish", "close", "shutdown"],
    );
    assert.deepEqual(new Set(rpc[2]?.params.urls), new Set([a.downloadUrl, c.downloadUrl]));
  });
});
