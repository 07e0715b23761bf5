// The devnet's image registry endpoints: /v1/image/info, /v1/image/download and
// /image.<hash>.link, open without an app key like the real registry.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { after, before, describe, test } from "node:test";
import { createImageRegistry } from "../../devnet/images/index.js";
import { hashImage } from "../../devnet/images/listing.js";
import { ImageStore } from "../../devnet/images/store.js";
import { extractTar } from "../../devnet/images/tar-read.js";
import { fakeContext, type RouteServer, serveRoutes } from "./helpers.js";

interface Info {
  tag: string | null;
  sha3: string;
  size: number;
  arch: string;
  http: string;
  https: string;
}

describe("image registry endpoints", () => {
  let root: string;
  let store: ImageStore;
  let server: RouteServer;
  let alpine: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "yatsapi-registry-test-"));
    const ctx = fakeContext({ seed: "registry" });
    const registry = createImageRegistry(ctx, join(root, "store"));
    store = new ImageStore(join(root, "store"));
    server = await serveRoutes(ctx, registry.routes);
    // The built-in images are written when the registry starts; wait for them through the API.
    const res = await fetch(`${server.url}/v1/image/info?tag=golem/alpine:latest`);
    alpine = ((await res.json()) as Info).sha3;
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  test("info answers golem-js's query by tag with sha3 and download links, without an app key", async () => {
    const res = await fetch(`${server.url}/v1/image/info?count=true&tag=golem/alpine:latest`);
    assert.equal(res.status, 200);
    const info = (await res.json()) as Info;
    assert.equal(info.tag, "golem/alpine:latest");
    assert.equal(info.sha3, await store.lookupTag("golem/alpine:latest"));
    assert.equal(info.http, `${server.url}/v1/image/download?hash=${info.sha3}`);
    assert.equal(info.https, info.http);
    assert.ok(info.size > 0 && info.size % 512 === 0);
    assert.equal(typeof info.arch, "string");
  });

  test("info by hash, and a tag without version means latest", async () => {
    const byHash = (await (
      await fetch(`${server.url}/v1/image/info?dev=true&hash=${alpine}`)
    ).json()) as Info;
    assert.equal(byHash.sha3, alpine);
    assert.equal(byHash.tag, "golem/alpine:latest");
    const noVersion = (await (await fetch(`${server.url}/v1/image/info?tag=golem/alpine`)).json()) as Info;
    assert.equal(noVersion.sha3, alpine);
  });

  test("unknown tags and hashes are 404s that say how to build them; malformed queries 400s", async () => {
    const tag = await fetch(`${server.url}/v1/image/info?tag=me/nothing:1`);
    assert.equal(tag.status, 404);
    assert.match(
      ((await tag.json()) as { message: string }).message,
      /me\/nothing:1 not found .*npx yatsapi image build <dir> --tag me\/nothing:1/,
    );
    const hash = await fetch(`${server.url}/v1/image/info?hash=${"0".repeat(56)}`);
    assert.equal(hash.status, 404);
    assert.match(
      ((await hash.json()) as { message: string }).message,
      /not found in the devnet's image store/,
    );
    for (const query of ["", "?hash=xyz", "?tag=Bad Tag"]) {
      const res = await fetch(`${server.url}/v1/image/info${query}`);
      assert.equal(res.status, 400, query);
      assert.ok(((await res.json()) as { message: string }).message.length > 10);
    }
    assert.equal((await fetch(`${server.url}/v1/image/download?hash=${"0".repeat(56)}`)).status, 404);
    assert.equal((await fetch(`${server.url}/image.${"0".repeat(56)}.link`)).status, 404);
  });

  test("download streams a tar of exactly the advertised size, which unpacks to the image", async () => {
    const info = (await (await fetch(`${server.url}/v1/image/info?tag=golem/node:latest`)).json()) as Info;
    const res = await fetch(info.http);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/x-tar");
    assert.equal(Number(res.headers.get("content-length")), info.size);
    const out = join(root, "node-image");
    mkdirSync(out);
    await extractTar(Readable.fromWeb(res.body as ReadableStream<Uint8Array>), out, { maxBytes: 1 << 20 });
    assert.equal(await hashImage(out), info.sha3);
  });

  test("image.<hash>.link answers the download URL as plain text, as yapapi's repo() reads it", async () => {
    const res = await fetch(`${server.url}/image.${alpine}.link`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    assert.equal(await res.text(), `${server.url}/v1/image/download?hash=${alpine}`);
  });

  test("serves an image built into the store while it runs", async () => {
    const dir = join(root, "late");
    mkdirSync(dir);
    writeFileSync(join(dir, "image.json"), JSON.stringify({ tag: "me/late:2" }));
    writeFileSync(join(dir, "main.js"), "console.log('late')\n");
    const built = await new ImageStore(join(root, "store")).build(dir);
    const info = (await (await fetch(`${server.url}/v1/image/info?tag=me/late:2`)).json()) as Info;
    assert.equal(info.sha3, built.hash);
  });
});
