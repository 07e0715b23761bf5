// gftp registration on a started devnet: what `gftp server` registers over HTTP is what
// providers read and write through ctx.gftp.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { call } from "./helpers.js";

const repo = new URL("../..", import.meta.url).pathname;

describe("gftp on a started devnet", () => {
  let dir: string;
  let devnet: Devnet;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "yatsapi-gftp-test-"));
    process.env.YATSAPI_IMAGE_STORE = join(dir, "images");
    devnet = await startDevnet({ port: 0, seed: "gftp", providerCount: 1 });
  });
  after(async () => {
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a spawned `gftp server` publishes and awaits files that ctx.gftp then maps to local paths", async () => {
    const input = join(dir, "in.txt");
    writeFileSync(input, "to the provider\n");
    const child = spawn("gftp", ["server"], {
      env: {
        ...process.env,
        PATH: `${join(repo, "bin")}${delimiter}${process.env.PATH ?? ""}`,
        YAGNA_API_URL: devnet.url,
        YAGNA_APPKEY: devnet.appKey,
      },
    });
    const answers: Record<string, unknown>[] = [];
    let buffer = "";
    child.stdout.on("data", (d) => {
      buffer += d;
    });
    const requests = [
      { jsonrpc: "2.0", id: "1", method: "publish", params: { files: [input] } },
      { jsonrpc: "2.0", id: "2", method: "receive", params: { output_file: join(dir, "out.txt") } },
    ];
    child.stdin.end(requests.map((r) => `${JSON.stringify(r)}\n`).join(""));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0);
    for (const line of buffer.trim().split("\r\n")) answers.push(JSON.parse(line) as Record<string, unknown>);
    const [published] = answers[0]!.result as { url: string }[];
    const sha = createHash("sha3-256").update("to the provider\n").digest("hex");
    assert.equal(published!.url, `gftp://${devnet.identity}/${sha}`);
    const { url: receiveUrl } = answers[1]!.result as { url: string };
    // The process ended with its input, and gftp's URLs die with the process.
    assert.equal(devnet.context.gftp.source(published!.url), undefined);
    assert.equal(devnet.context.gftp.destination(receiveUrl), undefined);
  });

  test("registrations over HTTP map URLs to local paths until closed", async () => {
    const gftp = devnet.context.gftp;
    const input = join(dir, "data.bin");
    writeFileSync(input, Buffer.from([0, 1, 2, 3]));
    const pub = await call<{ file: string; url: string }>(devnet, "POST", "/devnet-api/v1/gftp/publish", {
      path: input,
      session: "s1",
    });
    assert.equal(pub.status, 200);
    assert.equal(gftp.source(pub.body.url), input);
    assert.equal(
      gftp.source(pub.body.url.replace(devnet.identity, `0x${devnet.identity.slice(2).toUpperCase()}`)),
      input,
    );
    assert.equal(gftp.destination(pub.body.url), undefined);

    const out = join(dir, "nested", "result.txt");
    const rec = await call<{ file: string; url: string }>(devnet, "POST", "/devnet-api/v1/gftp/receive", {
      path: out,
      session: "s1",
    });
    assert.equal(rec.status, 200);
    assert.equal(gftp.destination(rec.body.url), out);
    assert.equal(readFileSync(out, "utf8"), "");
    writeFileSync(gftp.destination(rec.body.url)!, "from the provider");
    gftp.received(rec.body.url);
    const listed = await call<{ awaited: { url: string; received: boolean }[] }>(
      devnet,
      "GET",
      "/devnet-api/v1/gftp",
    );
    assert.deepEqual(
      listed.body.awaited.find((a) => a.url === rec.body.url),
      { url: rec.body.url, file: out, received: true },
    );

    // Another session holding the same URL keeps it alive when the first closes it.
    await call(devnet, "POST", "/devnet-api/v1/gftp/publish", { path: input, session: "s2" });
    const closed = await call<boolean[]>(devnet, "POST", "/devnet-api/v1/gftp/close", {
      urls: [pub.body.url, rec.body.url],
      session: "s1",
    });
    assert.deepEqual(closed.body, [true, true]);
    assert.equal(gftp.source(pub.body.url), input);
    assert.equal(gftp.destination(rec.body.url), undefined);
    await call(devnet, "POST", "/devnet-api/v1/gftp/close-session", { session: "s2" });
    assert.equal(gftp.source(pub.body.url), undefined);
    assert.equal(gftp.source(`gftp://${devnet.identity}/unknown`), undefined);
    assert.equal(gftp.source("http://example.com/x"), undefined);
  });

  test("download and upload copy through registered URLs", async () => {
    const input = join(dir, "up.txt");
    writeFileSync(input, "uploaded\n");
    const pub = await call<{ url: string }>(devnet, "POST", "/devnet-api/v1/gftp/publish", { path: input });
    const copy = join(dir, "down.txt");
    const down = await call(devnet, "POST", "/devnet-api/v1/gftp/download", {
      url: pub.body.url,
      path: copy,
    });
    assert.equal(down.status, 200);
    assert.equal(readFileSync(copy, "utf8"), "uploaded\n");

    const target = join(dir, "target.txt");
    const rec = await call<{ url: string }>(devnet, "POST", "/devnet-api/v1/gftp/receive", { path: target });
    assert.equal(
      (await call(devnet, "POST", "/devnet-api/v1/gftp/upload", { path: input, url: rec.body.url })).status,
      200,
    );
    assert.equal(readFileSync(target, "utf8"), "uploaded\n");
  });

  test("needs the app key, and answers bad requests with 4xx messages naming the problem", async () => {
    const open = await fetch(`${devnet.url}/devnet-api/v1/gftp/publish`, { method: "POST", body: "{}" });
    assert.equal(open.status, 401);
    const cases: [string, unknown, number, RegExp][] = [
      ["publish", { path: "relative.txt" }, 400, /must be an absolute path/],
      ["publish", { path: join(dir, "missing.txt") }, 400, /Can't open file/],
      ["publish", { path: dir }, 400, /not a regular file/],
      ["publish", [], 400, /Expected a JSON object body/],
      ["receive", {}, 400, /output_file must be a non-empty path/],
      ["close", { urls: "gftp://x" }, 400, /urls must be a non-empty array/],
      ["close", { urls: ["http://x"] }, 400, /Invalid gftp URL/],
      [
        "download",
        { url: `gftp://${devnet.identity}/nothing`, path: join(dir, "x") },
        404,
        /is not published on this devnet/,
      ],
      [
        "upload",
        { url: `gftp://${devnet.identity}/nothing`, path: join(dir, "x") },
        404,
        /is not awaiting a file/,
      ],
      ["publish", { path: join(dir, "x"), session: 5 }, 400, /session must be a non-empty string/],
    ];
    for (const [op, body, status, message] of cases) {
      const res = await call<{ message: string }>(devnet, "POST", `/devnet-api/v1/gftp/${op}`, body);
      assert.equal(res.status, status, `${op} ${JSON.stringify(body)}`);
      assert.match(res.body.message, message);
    }
  });
});
