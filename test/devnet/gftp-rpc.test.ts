// `gftp server` as requestors spawn it: the `gftp` shim from bin/ on PATH, JSON-RPC 2.0
// over stdio, registering files with the devnet's gftp API.
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { DevnetModule, GftpPort } from "../../devnet/context.js";
import { createGftpApi } from "../../devnet/gftp/index.js";
import { type FakeContext, fakeContext, type RouteServer, serveRoutes } from "./helpers.js";

const repo = new URL("../..", import.meta.url).pathname;

interface Rpc {
  child: ChildProcessWithoutNullStreams;
  /** Sends one line and resolves with the raw answer line and its parsed JSON. */
  send(line: string): Promise<{ raw: string; msg: Record<string, unknown> }>;
  call(method: string, params?: unknown, id?: string | number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Spawns `gftp server` from PATH, as golem-js does, against a devnet URL and key. */
function spawnGftp(env: Record<string, string>, cwd: string): Rpc {
  const child = spawn("gftp", ["server"], {
    cwd,
    env: { ...process.env, PATH: `${join(repo, "bin")}${delimiter}${process.env.PATH ?? ""}`, ...env },
  });
  let buffer = "";
  const waiting: ((raw: string) => void)[] = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf("\n"); i !== -1; i = buffer.indexOf("\n")) {
      const raw = buffer.slice(0, i + 1);
      buffer = buffer.slice(i + 1);
      waiting.shift()?.(raw);
    }
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const rpc: Rpc = {
    child,
    exited,
    send(line) {
      return new Promise((resolve, reject) => {
        waiting.push((raw) => resolve({ raw, msg: JSON.parse(raw) as Record<string, unknown> }));
        exited.then(() => reject(new Error(`gftp exited; stderr: ${stderr}`)));
        child.stdin.write(`${line}\n`);
      });
    },
    async call(method, params = {}, id = "1") {
      return (await rpc.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }))).msg;
    },
  };
  return rpc;
}

describe("gftp server over stdio", () => {
  let dir: string;
  let ctx: FakeContext;
  let gftp: DevnetModule & GftpPort;
  let devnet: RouteServer;
  let rpc: Rpc;
  /** Started with the others, as each process takes a moment to start. */
  let wrongKey: Rpc;
  let own: Rpc;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "yatsapi-gftp-rpc-"));
    ctx = fakeContext({ seed: "gftp-rpc" });
    gftp = createGftpApi(ctx);
    devnet = await serveRoutes(ctx, gftp.routes);
    rpc = spawnGftp({ YAGNA_API_URL: devnet.url, YAGNA_APPKEY: devnet.appKey }, dir);
    wrongKey = spawnGftp({ YAGNA_API_URL: devnet.url, YAGNA_APPKEY: "wrong" }, dir);
    own = spawnGftp({ YAGNA_API_URL: devnet.url, YAGNA_APPKEY: devnet.appKey }, dir);
  });
  after(async () => {
    for (const p of [rpc, wrongKey, own]) p.child.kill();
    await devnet.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("version answers a version string, echoing the id, one \\r\\n-terminated line per answer", async () => {
    const { raw, msg } = await rpc.send('{"jsonrpc":"2.0","id":"abc","method":"version","params":{}}');
    assert.ok(raw.endsWith("}\r\n"));
    assert.deepEqual(msg, { jsonrpc: "2.0", id: "abc", result: "0.17.1" });
    assert.deepEqual(await rpc.call("version", undefined, 7), { jsonrpc: "2.0", id: 7, result: "0.17.1" });
  });

  test("publish gives gftp://<requestor>/<sha3-256>, the same URL twice, and the devnet serves the file", async () => {
    const file = join(dir, "input.txt");
    writeFileSync(file, "payload\n");
    const sha = createHash("sha3-256").update("payload\n").digest("hex");
    const first = await rpc.call("publish", { files: [file] });
    const url = `gftp://${ctx.requestor.identity}/${sha}`;
    assert.deepEqual(first.result, [{ file, url }]);
    // A relative path is the gftp process's own folder, not the devnet's.
    const again = await rpc.call("publish", { files: ["input.txt"] });
    assert.deepEqual(again.result, [{ file: "input.txt", url }]);
    assert.equal(gftp.source(url), file);
  });

  test("receive creates the output file and a random URL the devnet writes to", async () => {
    const out = join(dir, "out", "result.txt");
    const a = await rpc.call("receive", { output_file: out });
    const b = await rpc.call("receive", { output_file: out });
    const { file, url } = a.result as { file: string; url: string };
    assert.equal(file, out);
    assert.match(url, new RegExp(`^gftp://${ctx.requestor.identity}/[A-Za-z0-9]{65}$`));
    assert.notEqual(url, (b.result as { url: string }).url);
    assert.ok(existsSync(out));
    assert.equal(gftp.destination(url), out);
    assert.equal(gftp.source(url), undefined);
  });

  test("close answers ok per URL it held and error for others; closed URLs are gone", async () => {
    const file = join(dir, "closing.txt");
    writeFileSync(file, "closing\n");
    const { url } = ((await rpc.call("publish", { files: [file] })).result as { url: string }[])[0]!;
    const unknown = `gftp://${ctx.requestor.identity}/${"0".repeat(64)}`;
    assert.deepEqual((await rpc.call("close", { urls: [url, unknown] })).result, ["ok", "error"]);
    assert.equal(gftp.source(url), undefined);
  });

  test("errors are JSON-RPC error objects, and the server keeps serving", async () => {
    const bad = await rpc.send("{not json");
    assert.equal(bad.msg.id, null);
    assert.equal((bad.msg.error as { code: number }).code, -32700);
    const cases: [unknown, number, RegExp][] = [
      [{ jsonrpc: "2.0", id: 1, method: "fly", params: {} }, -32601, /Method not found: 'fly'/],
      [{ jsonrpc: "2.0", id: 2, method: "publish", params: {} }, -32602, /"files" must be a non-empty array/],
      [
        { jsonrpc: "2.0", id: 3, method: "publish", params: { files: [join(dir, "nope")] } },
        -32000,
        /Can't open file/,
      ],
      [{ jsonrpc: "1.0", id: 4, method: "version" }, -32600, /"jsonrpc" must be "2.0"/],
      [[1, 2], -32600, /expected a JSON object/],
    ];
    for (const [request, code, message] of cases) {
      const { msg } = await rpc.send(JSON.stringify(request));
      const error = msg.error as { code: number; message: string };
      assert.equal(error.code, code, JSON.stringify(request));
      assert.match(error.message, message);
      assert.equal(msg.result, undefined);
    }
    assert.equal((await rpc.call("version")).result, "0.17.1");
  });

  test("a wrong app key is an error that says what to set", async () => {
    const file = join(dir, "input.txt");
    const { error } = (await wrongKey.call("publish", { files: [file] })) as { error: { message: string } };
    assert.match(error.message, /refused YAGNA_APPKEY/);
    wrongKey.child.stdin.end();
    assert.equal(await wrongKey.exited, 0);
  });

  test("shutdown answers ok, exits 0 and takes the process's URLs with it", async () => {
    const { url } = (await own.call("receive", { output_file: join(dir, "own.txt") })).result as {
      url: string;
    };
    assert.equal(gftp.destination(url), join(dir, "own.txt"));
    assert.equal((await own.call("shutdown")).result, "ok");
    assert.equal(await own.exited, 0);
    assert.equal(gftp.destination(url), undefined);
  });
});
