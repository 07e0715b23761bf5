// The storage API of the seed: sources and destinations round-trip through devnet providers
// via an Executor, `downloadBytes` refuses content over its limit, and without gftp on PATH
// the devnet's own bin/gftp is used while any other daemon gets an error saying how to
// install gftp.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Devnet } from "../../devnet/index.js";
import { Executor } from "../../src/executor/executor.js";
import type { Work } from "../../src/executor/steps.js";
import type { WorkerFunction } from "../../src/executor/worker-runner.js";
import {
  binGftp,
  ContentTooLargeError,
  type Destination,
  FileDestination,
  findOnPath,
  GftpNotFoundError,
  GftpStorage,
  resolveGftpCommand,
  type Source,
} from "../../src/index.js";
import type { JsonValue } from "../../src/json.js";
import { Task } from "../../src/task.js";
import { assertSettled, devnetPackage, devnetWith, provider } from "../executor/helpers.js";

/** process.env.PATH without the folders that hold a `gftp`. */
async function pathWithoutGftp(): Promise<string> {
  const dirs: string[] = [];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && !(await findOnPath("gftp", dir))) dirs.push(dir);
  }
  return dirs.join(delimiter);
}

/** A batch moving `source` into the container and back out to `destination`. */
function roundTrip(source: Source, destination: Destination): Work {
  return {
    timeoutMs: 60_000,
    prepare: async () => undefined,
    post: async () => undefined,
    register(commands: JsonValue[]) {
      commands.push({ transfer: { from: source.downloadUrl, to: "container:/golem/input/in" } });
      commands.push({ transfer: { from: "container:/golem/input/in", to: destination.uploadUrl } });
    },
  };
}

describe("storage through devnet providers", { timeout: 120_000 }, () => {
  let devnet: Devnet;
  let dir: string;
  let noGftp: string;
  const savedPath = process.env.PATH;

  before(async () => {
    devnet = await devnetWith("storage-1", [provider("a")]);
    dir = await mkdtemp(join(tmpdir(), "yatsapi-storage-test-"));
    noGftp = await pathWithoutGftp();
  });
  after(async () => {
    process.env.PATH = savedPath;
    await devnet.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("without gftp on PATH, the devnet's bin/gftp is chosen", async () => {
    const env = { PATH: noGftp, YAGNA_API_URL: devnet.url };
    assert.deepEqual(await resolveGftpCommand(env), [process.execPath, binGftp(), "server"]);
    // A gftp on PATH wins, as yagna's installer puts it there.
    const fake = join(dir, "fake-bin");
    await mkdir(fake);
    await writeFile(join(fake, "gftp"), "#!/bin/sh\n");
    await chmod(join(fake, "gftp"), 0o755);
    assert.deepEqual(await resolveGftpCommand({ ...env, PATH: `${fake}${delimiter}${noGftp}` }), [
      "gftp",
      "server",
    ]);
  });

  test("sources and destinations round-trip byte for byte (PATH without gftp)", async () => {
    // Both the test's storage and the executor's own find gftp without PATH's help.
    process.env.PATH = noGftp;
    const env = { ...process.env, YAGNA_API_URL: devnet.url, YAGNA_APPKEY: devnet.appKey };
    const storage = new GftpStorage({ env });
    const bytes = randomBytes(4096);
    const fileIn = join(dir, "file.in");
    await writeFile(fileIn, randomBytes(1000));
    const existing = join(dir, "existing.out");
    await writeFile(existing, "old content");
    const executorOut = join(dir, "executor.out");

    const fromBytes = await storage.uploadBytes(bytes);
    const fromFile = await storage.uploadFile(fileIn);
    const fromStream = await storage.uploadStream(
      (async function* () {
        yield new TextEncoder().encode("a stream ");
        yield new TextEncoder().encode("in two chunks");
      })(),
    );
    assert.equal(fromBytes.contentLength, 4096);
    assert.equal(fromFile.contentLength, 1000);
    assert.equal(fromStream.contentLength, 22);
    const toTemp = await storage.newDestination();
    const toExisting = await storage.newDestination(existing);
    const toStream = await storage.newDestination();

    const worker: WorkerFunction<string, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        yield roundTrip(fromBytes, toTemp);
        yield roundTrip(fromFile, toExisting);
        yield roundTrip(fromStream, toStream);
        ctx.sendJson("/golem/input/meta.json", { via: "executor" });
        ctx.downloadFile("/golem/input/meta.json", executorOut);
        yield ctx.commit({ timeoutMs: 60_000 });
        task.acceptResult("done");
      }
    };
    const executor = new Executor({
      package: await devnetPackage(devnet),
      budget: "10",
      maxWorkers: 1,
      subnetTag: "public",
      eventConsumer: () => undefined,
      apiConfig: { url: devnet.url, appKey: devnet.appKey },
      pollTimeoutMs: 1000,
    });
    try {
      const done: Task<string, string>[] = [];
      for await (const task of executor.submit(worker, [new Task<string, string>("x")])) done.push(task);
      assert.equal(done[0]?.result, "done");
    } finally {
      await executor.shutdown();
      process.env.PATH = savedPath;
    }

    assert.deepEqual(Buffer.from(await toTemp.downloadBytes(4096)), bytes);
    await assert.rejects(toTemp.downloadBytes(4095), (err: unknown) => {
      assert.ok(err instanceof ContentTooLargeError);
      assert.match(err.message, /limit of 4095 bytes/);
      assert.match(err.message, /4096 bytes/);
      return true;
    });
    assert.equal(await readFile(existing, "utf8"), "old content", "an existing file waits for downloadFile");
    await toExisting.downloadFile(existing);
    assert.deepEqual(await readFile(existing), await readFile(fileIn));
    const chunks: Buffer[] = [];
    for await (const chunk of await toStream.downloadStream()) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), "a stream in two chunks");
    assert.deepEqual(JSON.parse(await readFile(executorOut, "utf8")), { via: "executor" });

    await storage.close();
    await assert.rejects(toTemp.downloadBytes(4096), /ENOENT/, "close removed the temp files");
    await assertSettled(devnet);
  });
});

describe("downloadBytes", () => {
  test("refuses content over the limit, naming it; accepts content at the limit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "yatsapi-storage-limit-"));
    try {
      const file = join(dir, "received");
      await writeFile(file, "0123456789");
      const dst = new FileDestination("gftp://0x01/abc", file);
      await assert.rejects(dst.downloadBytes(9), new ContentTooLargeError(9, 10, "gftp://0x01/abc"));
      await assert.rejects(dst.downloadBytes(9), /downloadBytes\(9\).*over the limit of 9 bytes/);
      assert.equal(Buffer.from(await dst.downloadBytes(10)).toString(), "0123456789");
      await assert.rejects(dst.downloadBytes(-1), /limit must be a non-negative integer/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("without gftp on PATH and not on the devnet", () => {
  let daemon: Server;
  let url: string;
  let emptyPath: string;

  before(async () => {
    // A daemon that is not the devnet: /version/get names a plain yagna.
    daemon = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ current: { version: "0.17.1", name: "v0.17.1" }, pending: null }));
    });
    await new Promise<void>((done) => daemon.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(daemon.address() as AddressInfo).port}`;
    emptyPath = await mkdtemp(join(tmpdir(), "yatsapi-no-gftp-"));
  });
  after(async () => {
    await new Promise((done) => daemon.close(done));
    await rm(emptyPath, { recursive: true, force: true });
  });

  test("the storage fails with an error saying how to install gftp", async () => {
    const storage = new GftpStorage({ env: { PATH: emptyPath, YAGNA_API_URL: url } });
    await assert.rejects(storage.uploadBytes(new Uint8Array([1])), (err: unknown) => {
      assert.ok(err instanceof GftpNotFoundError);
      assert.match(err.message, /gftp was not found on PATH/);
      assert.match(err.message, /Install yagna, whose installer ships gftp/);
      assert.match(err.message, /put yatsapi's bin\/ folder on PATH/);
      assert.ok(err.message.includes(url), "the error names the daemon's URL");
      return true;
    });
    // Later calls fail the same way, and close() still cleans up.
    await assert.rejects(storage.newDestination(), GftpNotFoundError);
    await storage.close();
  });

  test("a daemon that does not answer is not taken for the devnet", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    await assert.rejects(
      resolveGftpCommand({ PATH: emptyPath, YAGNA_API_URL: `http://127.0.0.1:${port}` }),
      GftpNotFoundError,
    );
  });
});
