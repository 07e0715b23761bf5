// Devnet images: the content hash, the image store, the tar writer/reader and
// ImagesPort.resolve (task packages, the store, downloads from another devnet).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { BUILTIN_IMAGES } from "../../devnet/images/builtins.js";
import { createImageRegistry } from "../../devnet/images/index.js";
import { hashImage, listImage } from "../../devnet/images/listing.js";
import { ImageStore } from "../../devnet/images/store.js";
import { extractTar } from "../../devnet/images/tar-read.js";
import { tarSize, writeTar } from "../../devnet/images/tar-write.js";
import { fakeContext, serveRoutes } from "./helpers.js";

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), "yatsapi-images-test-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A small image folder: a manifest, a script and a nested file. */
function makeImage(files: Record<string, string> = {}): string {
  const dir = join(root, `src-${++n}`);
  mkdirSync(join(dir, "app", "lib"), { recursive: true });
  writeFileSync(join(dir, "image.json"), JSON.stringify({ tag: "me/app:1", env: { MODE: "test" } }));
  writeFileSync(join(dir, "app", "run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(join(dir, "app", "run.sh"), 0o755);
  writeFileSync(join(dir, "app", "lib", "data.txt"), "data\n");
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}

async function tarOf(dir: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  await writeTar(dir, await listImage(dir), out);
  out.end();
  return Buffer.concat(chunks);
}

describe("image hash", () => {
  test("is SHA3-224 hex and the same for the same folder, wherever and whenever it is copied", async () => {
    const dir = makeImage();
    const hash = await hashImage(dir);
    assert.match(hash, /^[0-9a-f]{56}$/);
    assert.equal(await hashImage(dir), hash);
    const copy = join(root, "copy");
    await cp(dir, copy, { recursive: true, preserveTimestamps: false });
    assert.equal(await hashImage(copy), hash);
  });

  test("changes with a byte, a mode, a name, an empty folder or a link", async () => {
    const base = await hashImage(makeImage());
    const seen = new Set([base]);
    const variants = [
      makeImage({ "app/lib/data.txt": "Data\n" }),
      (() => {
        const d = makeImage();
        chmodSync(join(d, "app", "lib", "data.txt"), 0o755);
        return d;
      })(),
      (() => {
        const d = makeImage();
        rmSync(join(d, "app", "lib", "data.txt"));
        writeFileSync(join(d, "app", "lib", "data2.txt"), "data\n");
        return d;
      })(),
      (() => {
        const d = makeImage();
        mkdirSync(join(d, "empty"));
        return d;
      })(),
      (() => {
        const d = makeImage();
        symlinkSync("lib/data.txt", join(d, "app", "link"));
        return d;
      })(),
    ];
    for (const dir of variants) {
      const hash = await hashImage(dir);
      assert.ok(!seen.has(hash), `${dir} should hash differently`);
      seen.add(hash);
    }
  });

  test("ignores group and other write bits, as git does", async () => {
    const a = makeImage();
    const b = makeImage();
    chmodSync(join(b, "app", "lib", "data.txt"), 0o664);
    chmodSync(join(b, "app", "run.sh"), 0o775);
    assert.equal(await hashImage(a), await hashImage(b));
  });
});

describe("image store", () => {
  test("build copies the folder under its hash and tags it from image.json or --tag", async () => {
    const store = new ImageStore(join(root, "store-build"));
    const dir = makeImage();
    const built = await store.build(dir);
    assert.equal(built.hash, await hashImage(dir));
    assert.equal(built.tag, "me/app:1");
    assert.equal(await hashImage(built.dir), built.hash);
    assert.equal(readFileSync(join(built.dir, "app", "lib", "data.txt"), "utf8"), "data\n");
    assert.equal(await store.lookupTag("me/app:1"), built.hash);

    const again = await store.build(dir, { tag: "me/other:2" });
    assert.equal(again.hash, built.hash);
    assert.equal(await store.lookupTag("me/other:2"), built.hash);
    assert.deepEqual(
      (await store.tags()).map((t) => t.tag),
      ["me/app:1", "me/other:2"],
    );
    assert.equal(await store.lookupTag("me/missing:1"), undefined);
  });

  test("refuses an invalid image.json, naming the field", async () => {
    const store = new ImageStore(join(root, "store-bad"));
    const dir = makeImage({ "image.json": JSON.stringify({ tag: "me/app:1", env: { MODE: 3 } }) });
    await assert.rejects(store.build(dir), /env\.MODE must be a string/);
    const typo = makeImage({ "image.json": JSON.stringify({ tags: "x" }) });
    await assert.rejects(store.build(typo), /unknown field 'tags'/);
  });
});

describe("image tar", () => {
  test("round-trips through extractTar with the same hash, and tarSize is exact", async () => {
    const dir = makeImage();
    const long = `${"deep-folder-name/".repeat(9)}${"f".repeat(120)}.txt`;
    mkdirSync(join(dir, long, ".."), { recursive: true });
    writeFileSync(join(dir, long), "x".repeat(1000));
    symlinkSync("run.sh", join(dir, "app", "start"));
    const tar = await tarOf(dir);
    assert.equal(tar.length, tarSize(await listImage(dir)));
    assert.equal(tar.length % 512, 0);
    const out = join(root, "extracted");
    mkdirSync(out);
    await extractTar(Readable.from([tar.subarray(0, 700), tar.subarray(700)]), out, { maxBytes: 1 << 20 });
    assert.equal(await hashImage(out), await hashImage(dir));
  });

  test("is read by the system's tar, long names included", async () => {
    const dir = makeImage();
    const long = `${"nested/".repeat(30)}${"n".repeat(110)}`;
    mkdirSync(join(dir, long, ".."), { recursive: true });
    writeFileSync(join(dir, long), "long\n");
    const file = join(root, "image.tar");
    const stream = createWriteStream(file);
    await writeTar(dir, await listImage(dir), stream);
    await new Promise<void>((resolve) => stream.end(resolve));
    const listed = execFileSync("tar", ["-tvf", file], { encoding: "utf8" });
    assert.match(listed, /app\/run\.sh/);
    assert.match(listed, /^-rwxr-xr-x .*app\/run\.sh$/m);
    assert.match(listed, /app\/lib\/data\.txt/);
    assert.ok(listed.includes(long), "the pax path is read back whole");
    const out = join(root, "system-tar-out");
    mkdirSync(out);
    execFileSync("tar", ["-xf", file, "-C", out]);
    assert.equal(await hashImage(out), await hashImage(dir));
  });

  test("extractTar refuses paths that leave the folder", async () => {
    const evil = join(root, "evil");
    mkdirSync(evil);
    symlinkSync("../../etc/passwd", join(evil, "escape"));
    const out = join(root, "evil-out");
    mkdirSync(out);
    await assert.rejects(
      extractTar(Readable.from([await tarOf(evil)]), out, { maxBytes: 1 << 20 }),
      /points outside the image/,
    );
  });
});

describe("ImagesPort.resolve", () => {
  test("resolves both task package spellings to the stored folder and its env", async () => {
    const storeRoot = join(root, "store-resolve");
    const built = await new ImageStore(storeRoot).build(makeImage());
    const images = createImageRegistry(fakeContext(), storeRoot);
    const url = `http://127.0.0.1:1/v1/image/download?hash=${built.hash}`;
    for (const pkg of [`hash:sha3:${built.hash}:${url}`, `hash://sha3:${built.hash.toUpperCase()}:${url}`]) {
      const image = await images.resolve(pkg);
      assert.deepEqual(image, { hash: built.hash, dir: built.dir, env: { MODE: "test" } });
    }
  });

  test("has the built-in images after start, and rejects unknown or malformed packages clearly", async () => {
    const storeRoot = join(root, "store-builtin");
    const images = createImageRegistry(fakeContext(), storeRoot);
    const unknown = "a".repeat(56);
    await assert.rejects(
      images.resolve(`hash:sha3:${unknown}:http://registry.golem.network/download/x`),
      new RegExp(
        `Image ${unknown} not found in the devnet's image store \\(build it with "npx yatsapi image build <dir>"\\)`,
      ),
    );
    const store = new ImageStore(storeRoot);
    for (const { tag } of BUILTIN_IMAGES) {
      const hash = await store.lookupTag(tag);
      assert.ok(hash, `${tag} is installed`);
      const image = await images.resolve(`hash:sha3:${hash}:http://x/`);
      assert.match(readFileSync(join(image.dir, "app", "README"), "utf8"), /resolve on the host/);
    }
    await assert.rejects(images.resolve("golem/alpine:latest"), /expected hash:sha3:<hash>:<url>/);
    await assert.rejects(
      images.resolve(`hash:sha256:${"b".repeat(64)}:http://x/`),
      /Unsupported image hash algorithm/,
    );
    await assert.rejects(images.resolve("hash:sha3:abc:http://x/"), /expected 56 hex digits/);
  });

  test("downloads an unknown image from another devnet on loopback, checking its hash", async () => {
    const otherRoot = join(root, "store-other");
    const built = await new ImageStore(otherRoot).build(makeImage({ "extra.txt": "only over there\n" }));
    const otherCtx = fakeContext({ seed: "other" });
    const other = createImageRegistry(otherCtx, otherRoot);
    const server = await serveRoutes(otherCtx, other.routes);
    try {
      const mineRoot = join(root, "store-mine");
      const images = createImageRegistry(fakeContext(), mineRoot);
      const url = `${server.url}/v1/image/download?hash=${built.hash}`;
      const image = await images.resolve(`hash:sha3:${built.hash}:${url}`);
      assert.equal(image.dir, join(mineRoot, built.hash));
      assert.equal(readFileSync(join(image.dir, "extra.txt"), "utf8"), "only over there\n");
      assert.equal(await hashImage(image.dir), built.hash);

      const wrong = "c".repeat(56);
      await assert.rejects(
        images.resolve(`hash:sha3:${wrong}:${url}`),
        new RegExp(`Image ${wrong} not found .*it holds image ${built.hash}, not ${wrong}`),
      );
    } finally {
      await server.close();
    }
  });
});
