// Transfers in and out of an activity's sandbox (http, gftp, container), refusals of
// paths that escape it, and bubblewrap confinement of provider commands.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type ActivityHarness, activityHarness } from "./helpers.js";

const sh = (script: string) => ({
  run: {
    entry_point: "/bin/sh",
    args: ["-c", script],
    capture: { stdout: { atEnd: {} }, stderr: { atEnd: {} } },
  },
});

/** A file server on 127.0.0.1: GET serves `files`, PUT stores into `uploads`. */
async function fileServer(
  files: Record<string, string>,
): Promise<{ url: string; uploads: Map<string, string>; server: Server }> {
  const uploads = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      if (req.method === "PUT") {
        uploads.set(path, Buffer.concat(chunks).toString());
        res.writeHead(201).end();
      } else if (req.method === "GET" && files[path] !== undefined) {
        res.writeHead(200, { "content-type": "text/plain" }).end(files[path]);
      } else {
        res.writeHead(404).end("no");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, uploads, server };
}

describe("transfers", () => {
  let h: ActivityHarness;
  let id: string;
  let web: Awaited<ReturnType<typeof fileServer>>;
  let scratch: string;
  before(async () => {
    h = await activityHarness({ seed: "activity-transfer" });
    web = await fileServer({ "/in.txt": "input data\n" });
    scratch = await mkdtemp(join(tmpdir(), "yatsapi-transfer-test-"));
    id = await h.createActivity();
    await h.runBatch(id, [{ deploy: { volumes: ["/golem/input", "/data"] } }, { start: {} }]);
  });
  after(async () => {
    web.server.close();
    await rm(scratch, { recursive: true, force: true });
    await h.close();
  });

  test("http in, a command in between, http out", async () => {
    const { results } = await h.runBatch(id, [
      { transfer: { from: `${web.url}/in.txt`, to: "container:/golem/input/in.txt" } },
      sh("tr a-z A-Z < /golem/input/in.txt > /golem/output/out.txt"),
      { transfer: { from: "container:/golem/output/out.txt", to: `${web.url}/upload/out.txt` } },
      { transfer: { from: "container:/golem/output/out.txt", to: "container:/data/copy.txt" } },
      sh("cat /data/copy.txt"),
    ]);
    assert.deepEqual(
      results.map((r) => r.result),
      ["Ok", "Ok", "Ok", "Ok", "Ok"],
    );
    assert.equal(web.uploads.get("/upload/out.txt"), "INPUT DATA\n");
    assert.equal(results[4]!.stdout, "INPUT DATA\n");
  });

  test("gftp: published files are read, awaited files are written and reported", async () => {
    const published = join(scratch, "published.txt");
    const awaited = join(scratch, "awaited.txt");
    await writeFile(published, "via gftp\n");
    h.gftp.published.set("gftp://0xabc/one", published);
    h.gftp.awaited.set("gftp://0xabc/two", awaited);
    const { results } = await h.runBatch(id, [
      { transfer: { from: "gftp://0xabc/one", to: "container:/golem/input/g.txt" } },
      { transfer: { from: "container:/golem/input/g.txt", to: "gftp://0xabc/two" } },
    ]);
    assert.deepEqual(
      results.map((r) => r.result),
      ["Ok", "Ok"],
    );
    assert.equal(await readFile(awaited, "utf8"), "via gftp\n");
    assert.deepEqual(h.gftp.receivedUrls, ["gftp://0xabc/two"]);
    const { results: missing } = await h.runBatch(id, [
      { transfer: { from: "gftp://0xabc/nope", to: "container:/golem/input/x" } },
    ]);
    assert.equal(
      missing[0]!.message,
      "Local service error: Transfer error: nothing is published at gftp://0xabc/nope",
    );
  });

  test("failures and unsupported options are command errors", async () => {
    const cases: [unknown, RegExp][] = [
      [
        { from: `${web.url}/missing.txt`, to: "container:/golem/input/m" },
        /GET http:\/\/127\.0\.0\.1:\d+\/missing\.txt answered HTTP 404/,
      ],
      [{ from: "ftp://example/x", to: "container:/golem/input/m" }, /unsupported scheme 'ftp'/],
      [
        { from: `${web.url}/in.txt`, to: "container:/golem/input/a.zip", format: "zip" },
        /archive format 'zip' is not supported/,
      ],
      [
        { from: `${web.url}/in.txt`, to: "container:/golem/input/", fileset: [{ includes: "*" }] },
        /filesets are not supported/,
      ],
    ];
    for (const [transfer, message] of cases) {
      const { results } = await h.runBatch(id, [{ transfer }]);
      assert.equal(results[0]!.result, "Error");
      assert.match(results[0]!.message!, /^Local service error: Transfer error: /);
      assert.match(results[0]!.message!, message);
    }
  });

  test("container paths cannot leave the sandbox", async () => {
    const cases: [unknown, RegExp][] = [
      [{ from: "container:/../../etc/passwd", to: `${web.url}/leak` }, /'\.\.' is not allowed/],
      [{ from: `${web.url}/in.txt`, to: "container:/golem/work/../../x" }, /'\.\.' is not allowed/],
      [{ from: "container:/etc/passwd", to: `${web.url}/leak` }, /outside the container's writable folders/],
      [
        { from: `${web.url}/in.txt`, to: "container:/usr/bin/evil" },
        /outside the container's writable folders/,
      ],
      [{ from: "container:golem/output/x", to: `${web.url}/leak` }, /not an absolute path/],
    ];
    for (const [transfer, message] of cases) {
      const { results } = await h.runBatch(id, [{ transfer }]);
      assert.equal(results[0]!.result, "Error", JSON.stringify(transfer));
      assert.match(results[0]!.message!, message);
    }
    const { results } = await h.runBatch(id, [
      sh("ln -sf /etc/passwd /golem/output/link"),
      { transfer: { from: "container:/golem/output/link", to: `${web.url}/leak` } },
    ]);
    assert.equal(results[1]!.result, "Error");
    assert.match(results[1]!.message!, /leads out of the container/);
    assert.equal(web.uploads.has("/leak"), false);
  });
});

describe("confinement", () => {
  test("with bubblewrap, commands cannot write outside the sandbox nor reach the network", async (t) => {
    const h = await activityHarness({ seed: "activity-bwrap" });
    try {
      if (h.activity.confinement !== "bwrap") {
        t.skip("bubblewrap (bwrap) is not installed or cannot create sandboxes here");
        return;
      }
      const web = await fileServer({ "/in.txt": "x" });
      const port = new URL(web.url).port;
      const id = await h.createActivity();
      const outside = join(tmpdir(), `outside-sandbox-${process.pid}`);
      const { results } = await h.runBatch(id, [
        { deploy: {} },
        { start: {} },
        sh("echo inside > /golem/output/ok.txt && cat /golem/output/ok.txt"),
        sh(`ls -A ${h.ctx.dataDir} | wc -l`),
        {
          run: {
            entry_point: process.execPath,
            args: [
              "-e",
              `require("net").connect(${port}, "127.0.0.1").on("connect", () => { console.log("connected"); process.exit(0); }).on("error", (e) => { console.log(e.code); process.exit(0); })`,
            ],
            capture: { stdout: { atEnd: {} } },
          },
        },
      ]);
      web.server.close();
      assert.deepEqual(
        results.map((r) => r.result),
        ["Ok", "Ok", "Ok", "Ok", "Ok"],
      );
      assert.equal(results[2]!.stdout, "inside\n");
      assert.equal(
        await readFile(join(h.ctx.dataDir, "activities", id, "golem", "output", "ok.txt"), "utf8"),
        "inside\n",
      );
      assert.equal(results[3]!.stdout, "0\n", "the devnet's data folder (other sandboxes) is hidden");
      assert.equal(
        results[4]!.stdout,
        "ECONNREFUSED\n",
        "no network: the devnet's loopback is not reachable",
      );
      for (const target of ["/etc/devnet-test", outside]) {
        const { results: denied } = await h.runBatch(id, [sh(`echo x > ${target}`)]);
        assert.equal(denied[0]!.result, "Error", target);
        assert.match(denied[0]!.message!, /^ExeScript command exited with code [12]$/);
        assert.match(denied[0]!.stderr as string, /Read-only file system/);
        assert.equal(existsSync(target), false);
      }
    } finally {
      await h.close();
    }
  });

  test("unconfined, VM paths are rewritten into the sandbox", async () => {
    const h = await activityHarness({ seed: "activity-none", confine: "none" });
    try {
      assert.equal(h.activity.confinement, "none");
      const id = await h.createActivity();
      const { results } = await h.runBatch(id, [
        { deploy: {} },
        { start: {} },
        sh("echo hi > /golem/output/x && cat /golem/output/x /app/hello.txt && pwd"),
        { run: { entry_point: "/golem/work/script.sh", args: [] } },
      ]);
      assert.equal(results[2]!.result, "Ok");
      assert.equal(
        results[2]!.stdout,
        `hi\nhello from the image\n${join(h.ctx.dataDir, "activities", id, "golem", "work")}\n`,
      );
      assert.equal(results[3]!.message, "ExeScript command error: spawn /golem/work/script.sh ENOENT");
    } finally {
      await h.close();
    }
  });

  test('confine "bwrap" without bubblewrap fails clearly', async () => {
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      await assert.rejects(activityHarness({ confine: "bwrap" }), /bubblewrap \(bwrap\) is not on PATH/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
