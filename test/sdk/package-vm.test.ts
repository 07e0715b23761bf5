// vm.repo(): yapapi's constraint string and the task package, resolved against the
// devnet's registry by tag (golem-js style) and by hash (image.<hash>.link, yapapi style).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { DemandBuilder } from "../../src/demand-builder.js";
import { PackageException, repo } from "../../src/package/index.js";

describe("vm.repo", () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await startDevnet({ port: 0, seed: "package-vm", providerCount: 1 });
  });
  after(() => devnet.stop());

  test("a tag resolves to hash:sha3:<hash>:<url> and decorates the demand as yapapi does", async () => {
    const pkg = repo({ imageTag: "golem/alpine:latest", repoUrl: devnet.url });
    const url = await pkg.resolveUrl();
    assert.match(
      url,
      /^hash:sha3:[0-9a-f]{56}:http:\/\/127\.0\.0\.1:\d+\/v1\/image\/download\?hash=[0-9a-f]{56}$/,
    );
    const demand = new DemandBuilder();
    await pkg.decorateDemand(demand);
    assert.equal(
      demand.constraints,
      "(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2.0)\n\t(golem.runtime.name=vm))",
    );
    assert.equal(demand.properties["golem.srv.comp.task_package"], url);
    assert.equal(demand.properties["golem.srv.comp.vm.package_format"], "gvmkit-squash");
  });

  test("a hash resolves through image.<hash>.link; threads add a constraint", async () => {
    const byTag = await repo({ imageTag: "golem/alpine:latest", repoUrl: devnet.url }).resolveUrl();
    const hash = byTag.split(":")[2]!;
    const pkg = repo({
      imageHash: hash,
      minMemGib: 1,
      minStorageGib: 0.5,
      minCpuThreads: 2,
      repoUrl: devnet.url,
    });
    assert.equal(await pkg.resolveUrl(), byTag);
    const demand = new DemandBuilder();
    await pkg.decorateDemand(demand);
    assert.equal(
      demand.constraints,
      "(&(golem.inf.mem.gib>=1.0)\n\t(golem.inf.storage.gib>=0.5)\n\t(golem.inf.cpu.threads>=2)\n\t(golem.runtime.name=vm))",
    );
  });

  test("bad input is a PackageException naming what was wrong", async () => {
    assert.throws(() => repo({ repoUrl: devnet.url }), /exactly one of imageHash and imageTag/);
    assert.throws(() => repo({ imageHash: "not-hex", repoUrl: devnet.url }), PackageException);
    assert.throws(() => repo({ imageTag: "a:b", minMemGib: -1 }), /minMemGib/);
    await assert.rejects(
      repo({ imageTag: "nobody/nothing:1", repoUrl: devnet.url }).resolveUrl(),
      (err: Error) => {
        assert.ok(err instanceof PackageException);
        assert.match(err.message, /nobody\/nothing:1/);
        return true;
      },
    );
  });
});
