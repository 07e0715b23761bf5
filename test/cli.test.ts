// The `yatsapi` CLI: spawned as users run it (version, exit codes, `devnet` serving
// until SIGTERM), and in-process through `main` for help, argument errors and images.
import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createImageRegistry } from "../devnet/images/index.js";
import { hashImage } from "../devnet/images/listing.js";
import { main } from "../src/cli/index.js";
import { fakeContext } from "./devnet/helpers.js";

const repo = new URL("..", import.meta.url).pathname;
let root: string;
let store: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), "yatsapi-cli-test-"));
  store = join(root, "store");
  // For the commands run in this process; spawned ones get it in their env.
  process.env.YATSAPI_IMAGE_STORE = store;
});
after(() => rmSync(root, { recursive: true, force: true }));

function start(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", join(repo, "src/cli/index.ts"), ...args], {
    cwd: repo,
    env: { ...process.env, YATSAPI_IMAGE_STORE: store },
  });
}

/** Runs the CLI in this process, capturing what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const code = await main(args, {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  });
  return { code, ...out };
}

/** Runs the CLI in its own process, to completion. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("yatsapi CLI", () => {
  test("the process exits 0 with --version and 2 with a bad flag", async () => {
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
    const [version, bad] = await Promise.all([cli("--version"), cli("devnet", "--bogus")]);
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `${pkg.version}\n`);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /yatsapi devnet: unknown option --bogus\nRun "yatsapi devnet --help" for usage/);
  });

  test("help lists the commands, and each command has --help", async () => {
    const help = await run("help");
    assert.equal(help.code, 0);
    for (const name of ["devnet", "image", "gftp", "help"])
      assert.match(help.stdout, new RegExp(`^  ${name} `, "m"));
    for (const args of [
      ["devnet", "--help"],
      ["image", "build", "--help"],
      ["gftp", "-h"],
      ["help", "image"],
    ]) {
      const h = await run(...args);
      assert.equal(h.code, 0, args.join(" "));
      assert.match(h.stdout, /^Usage: yatsapi (devnet|image|gftp)/, args.join(" "));
    }
    const none = await run();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage: yatsapi <command>/);
  });

  test("argument mistakes exit 2 with a message saying what is wrong", async () => {
    mkdirSync(join(root, "configs"), { recursive: true });
    const notJson = join(root, "configs", "broken.json");
    writeFileSync(notJson, "{ providers: ");
    const badField = join(root, "configs", "bad.json");
    writeFileSync(badField, JSON.stringify({ providers: [{ name: "a", prices: { cpuSec: -1 } }] }));
    const typo = join(root, "configs", "typo.json");
    writeFileSync(typo, JSON.stringify({ providerCont: 3 }));
    const cases: [string[], RegExp][] = [
      [["devnet", "--bogus"], /unknown option --bogus/],
      [["devnet", "--port", "abc"], /--port must be a whole number from 0 to 65535, not 'abc'/],
      [["devnet", "--port", "70000"], /--port must be a whole number/],
      [["devnet", "--providers=-1"], /--providers must be a whole number/],
      [["devnet", "--port"], /argument missing/],
      [["devnet", "--providers", "2", "--config", badField], /either --providers or --config/],
      [["devnet", "--config", join(root, "missing.json")], /cannot read config .*missing\.json/],
      [["devnet", "--config", notJson], /broken\.json is not valid JSON/],
      [["devnet", "--config", badField], /providers\[0\]\.prices\.cpuSec must be a number >= 0 \(got -1\)/],
      [["devnet", "--config", typo], /providerCont is not a known field/],
      [["devnet", "extra"], /unexpected argument 'extra'/],
      [["image", "build"], /missing the folder to build/],
      [["image", "build", root, "--tag", "Not A Tag"], /Invalid image tag 'Not A Tag'/],
      [["image", "build", join(root, "nowhere")], /is not a folder/],
      [["image", "push"], /unknown subcommand 'push'/],
      [["gftp", "serve"], /unknown subcommand 'serve'/],
      [["launch"], /unknown command 'launch'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(" "));
      assert.equal(r.stdout, "", args.join(" "));
    }
  });

  test("image build prints the hash the devnet resolves, and image list shows its tag", async () => {
    const dir = join(root, "my-image");
    mkdirSync(join(dir, "app"), { recursive: true });
    writeFileSync(join(dir, "app", "main.js"), "console.log('hello')\n");
    writeFileSync(join(dir, "image.json"), JSON.stringify({ env: { GREETING: "hi" } }));
    const built = await run("image", "build", dir, "--tag", "me/hello:1");
    assert.equal(built.code, 0, built.stderr);
    const hash = built.stdout.trim();
    assert.equal(hash, await hashImage(dir));
    assert.match(
      built.stderr,
      new RegExp(`hash:sha3:${hash}:http://127\\.0\\.0\\.1:7465/v1/image/download\\?hash=${hash}`),
    );

    const list = await run("image", "list");
    assert.match(list.stdout, new RegExp(`^me/hello:1\\t${hash}$`, "m"));

    const image = await createImageRegistry(fakeContext(), store).resolve(
      `hash:sha3:${hash}:http://127.0.0.1:7465/`,
    );
    assert.deepEqual(image.env, { GREETING: "hi" });
    assert.equal(readFileSync(join(image.dir, "app", "main.js"), "utf8"), "console.log('hello')\n");
  });

  test("devnet --port 0 prints the export lines, serves /me with the key, and stops on SIGTERM with 0", async () => {
    const child = start([
      "devnet",
      "--port",
      "0",
      "--providers",
      "2",
      "--seed",
      "cli",
      "--app-key",
      "cli-test-key",
    ]);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const lines = await new Promise<string[]>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d;
        const got = stdout.split("\n");
        if (got.length > 3) resolve(got.slice(0, 3));
      });
      exited.then(() => reject(new Error(`devnet exited early: ${stderr}`)));
    });
    try {
      assert.match(lines[0]!, /^export YAGNA_API_URL=http:\/\/127\.0\.0\.1:\d+$/);
      const url = lines[0]!.slice("export YAGNA_API_URL=".length);
      assert.ok(!url.endsWith(":0"), "the real port is printed");
      assert.equal(lines[1], "export YAGNA_APPKEY=cli-test-key");
      assert.equal(lines[2], `export GOLEM_REGISTRY_URL=${url}`);

      const me = await fetch(`${url}/me`, { headers: { authorization: "Bearer cli-test-key" } });
      assert.equal(me.status, 200);
      assert.match(((await me.json()) as { identity: string }).identity, /^0x[0-9a-f]{40}$/);
      assert.equal((await fetch(`${url}/me`)).status, 401);
      const info = await fetch(`${url}/v1/image/info?tag=golem/alpine:latest`);
      assert.equal(info.status, 200);
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /providers \(2\)/);
    assert.match(stderr, /per CPU hour/);
    assert.match(stderr, /confinement: /);
    assert.doesNotMatch(stderr, /cli-test-key/);
  });
});
