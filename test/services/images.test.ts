import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  configureRestLogging,
  createYagnaApi,
  PackageException,
  resolveRepoSrv,
} from "../../services/index.js";
import { startDnsServer } from "./dns-server.js";
import { type Harness, startHarness } from "./harness.js";
import { captureLogger, startScriptedServer } from "./helpers.js";

describe("resolveRepoSrv with node's resolver against a local DNS server", () => {
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  before(async () => {
    dns = await startDnsServer({
      "_girepo._tcp.yatsapi.test": [
        { priority: 10, weight: 1, port: 9000, target: "backup.yatsapi.test" },
        { priority: 0, weight: 5, port: 8000, target: "girepo.yatsapi.test" },
      ],
    });
  });
  after(() => dns.close());

  test("the record with the lowest priority gives http://host:port", async () => {
    const url = await resolveRepoSrv("_girepo._tcp.yatsapi.test", {
      dnsServers: [dns.server],
      fallbackUrl: null,
    });
    assert.equal(url, "http://girepo.yatsapi.test:8000");
  });

  test("an unknown name falls back to the fallback URL with a warning", async () => {
    const { logger, entries } = captureLogger();
    configureRestLogging({ logger });
    const url = await resolveRepoSrv("_girepo._tcp.nothing.test", {
      dnsServers: [dns.server],
      fallbackUrl: "http://127.0.0.1:1",
    });
    assert.equal(url, "http://127.0.0.1:1");
    const warning = entries.find((e) => e.level === "warn");
    assert.ok(warning, "a warning is logged");
    assert.equal(warning.logger, "yatsapi.rest.images");
    assert.match(
      String(warning.message),
      /Problem resolving _girepo\._tcp\.nothing\.test, falling back to http:\/\/127\.0\.0\.1:1/,
    );
  });

  test("without a fallback the failure is a PackageException naming the record", async () => {
    await assert.rejects(
      resolveRepoSrv("_girepo._tcp.nothing.test", { dnsServers: [dns.server], fallbackUrl: null }),
      (err: unknown) => err instanceof PackageException && /_girepo\._tcp\.nothing\.test/.test(err.message),
    );
  });
});

describe("image repository and registry against the devnet", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: "images" });
  });
  after(() => h.stop());

  test("registry image info by tag and by hash, and the task package built from it", async () => {
    const registry = h.api.images(h.devnet.url);
    const byTag = await registry.imageInfo({ tag: "golem/alpine:latest" });
    assert.match(byTag.sha3, /^[0-9a-f]{56}$/);
    assert.match(byTag.http ?? "", /^http:\/\/127\.0\.0\.1:\d+\//);
    const byHash = await registry.imageInfo({ hash: byTag.sha3 });
    assert.equal(byHash.sha3, byTag.sha3);
    assert.equal(
      await registry.taskPackageOf({ tag: "golem/alpine:latest" }),
      `hash:sha3:${byTag.sha3}:${byTag.http}`,
    );
    const infoCall = h.exchanges.find((e) =>
      e.url.includes("/v1/image/info?count=true&tag=golem%2Falpine%3Alatest"),
    );
    assert.ok(infoCall, "golem-js's query form: count=true&tag=...");
  });

  test("yapapi's image.<hash>.link gives the download URL", async () => {
    const repo = h.api.images(h.devnet.url);
    const { sha3 } = await repo.imageInfo({ tag: "golem/alpine:latest" });
    const url = await repo.imageUrl(sha3);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/.+/);
    assert.equal(await repo.taskPackage(sha3), `hash:sha3:${sha3}:${url}`);
  });

  test("unknown images, bad hashes and unreachable repositories are PackageExceptions", async () => {
    const repo = h.api.images(h.devnet.url);
    await assert.rejects(
      repo.imageUrl("ab".repeat(28)),
      (e: unknown) => e instanceof PackageException && /not found/.test(e.message),
    );
    await assert.rejects(
      repo.imageInfo({ tag: "nobody/nothing:1.0" }),
      (e: unknown) => e instanceof PackageException && /nobody\/nothing/.test(e.message),
    );
    await assert.rejects(repo.imageUrl("../etc"), PackageException);
    const closed = await startScriptedServer(() => {});
    await closed.close();
    await assert.rejects(
      h.api.images(closed.url).taskPackage("ab".repeat(28)),
      (e: unknown) => e instanceof PackageException && /unreachable/.test(e.message),
    );
  });

  test("a repository answering junk is a PackageException, and it never gets the app key", async () => {
    const junk = await startScriptedServer((_hit, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("not a url");
    });
    const api = createYagnaApi({ appKey: "secret-app-key", url: h.devnet.url, env: {} });
    try {
      await assert.rejects(
        api.images(junk.url).imageUrl("ab".repeat(28)),
        (e: unknown) => e instanceof PackageException && /gave no URL/.test(e.message),
      );
      await assert.rejects(api.images(junk.url).imageInfo({ hash: "ab" }), PackageException);
      assert.equal(junk.hits.length, 2);
      for (const hit of junk.hits) assert.equal(hit.headers.authorization, undefined);
    } finally {
      await api.close();
      await junk.close();
    }
  });
});
