import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyMarketDecoration, buildDemand, decorateDemand } from "../../src/decorate-demand.js";
import { DemandBuilder } from "../../src/demand-builder.js";
import type { DemandDecorator, Package } from "../../src/demand-decorator.js";
import { InvalidConstraintError, InvalidPropertiesError } from "../../src/errors.js";
import { Activity, NodeInfo, VmPackageFormat, VmRequest } from "../../src/props/index.js";
import { LeastExpensiveLinearPayuMS } from "../../src/strategy/index.js";

describe("DemandBuilder.constraints (yapapi's exact joining)", () => {
  test("no constraint gives ()", () => {
    assert.equal(new DemandBuilder().constraints, "()");
  });

  test("one constraint is used verbatim", () => {
    assert.equal(
      new DemandBuilder().ensure("(golem.runtime.name=vm)").constraints,
      "(golem.runtime.name=vm)",
    );
  });

  test("several are joined with newline-tab inside (& ... ), nothing after (&", () => {
    const b = new DemandBuilder()
      .ensure("(golem.node.debug.subnet=public)")
      .ensure("(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2.0)\n\t(golem.runtime.name=vm))")
      .ensure("(golem.com.pricing.model=linear)");
    assert.equal(
      b.constraints,
      "(&(golem.node.debug.subnet=public)\n\t(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2.0)\n\t(golem.runtime.name=vm))\n\t(golem.com.pricing.model=linear))",
    );
    assert.deepEqual(b.constraintList.length, 3);
  });

  test("a constraint that is not a filter in parentheses is refused", () => {
    for (const bad of ["", "golem.runtime.name=vm", "(x=1", 7 as unknown as string]) {
      assert.throws(() => new DemandBuilder().ensure(bad), InvalidConstraintError);
    }
  });
});

describe("DemandBuilder properties", () => {
  test("add() writes the set fields of a model under their keys (ms epoch, booleans)", () => {
    const b = new DemandBuilder()
      .add(new NodeInfo({ name: "a node", subnetTag: "testnet" }))
      .add(new Activity({ expiration: 1601655628772, multiActivity: true }));
    assert.deepEqual(b.properties, {
      "golem.node.id.name": "a node",
      "golem.node.debug.subnet": "testnet",
      "golem.srv.comp.expiration": 1601655628772,
      "golem.srv.caps.multi-activity": true,
    });
  });

  test("fractional values are fine (yapapi refused floats), non-finite ones are named", () => {
    const b = new DemandBuilder().add(new Activity({ timeout: 1500 }));
    assert.equal(b.properties["golem.activity.timeout_secs"], 1.5);
    assert.throws(
      () => b.set("golem.inf.mem.gib", Number.NaN),
      (e: unknown) => e instanceof InvalidPropertiesError && e.key === "golem.inf.mem.gib",
    );
    assert.throws(() => b.set("", "x"), InvalidPropertiesError);
  });

  test("properties is a copy: a counter-proposal's extras do not leak into the demand", () => {
    const b = new DemandBuilder().set("a", 1);
    const props = b.properties;
    props.b = 2;
    assert.deepEqual(b.properties, { a: 1 });
    const body = b.toDemand({ "golem.com.payment.chosen-platform": "erc20-holesky-tglm" });
    assert.deepEqual(body.properties, { a: 1, "golem.com.payment.chosen-platform": "erc20-holesky-tglm" });
    assert.deepEqual(b.properties, { a: 1 });
    assert.equal(JSON.stringify(b), '{"properties":{"a":1},"constraints":"()"}');
    const copy = b.clone().ensure("(x=1)");
    assert.equal(b.constraints, "()");
    assert.equal(copy.constraints, "(x=1)");
  });
});

describe("demand decoration", () => {
  const pkg: Package = {
    resolveUrl: async () => "hash:sha3:abc:http://repo/abc.gvmi",
    decorateDemand: async (d) => {
      d.ensure("(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2.0)\n\t(golem.runtime.name=vm))");
      d.add(
        new VmRequest({ packageUrl: await pkg.resolveUrl(), packageFormat: VmPackageFormat.GVMKIT_SQUASH }),
      );
    },
  };

  test("applyMarketDecoration merges constraints and properties", () => {
    const b = applyMarketDecoration(new DemandBuilder(), {
      properties: [{ key: "golem.com.payment.platform.erc20-holesky-tglm.address", value: "0xabc" }],
      constraints: ["(golem.com.payment.platform.erc20-holesky-tglm.address=*)"],
    });
    assert.equal(b.constraints, "(golem.com.payment.platform.erc20-holesky-tglm.address=*)");
    assert.equal(b.properties["golem.com.payment.platform.erc20-holesky-tglm.address"], "0xabc");
  });

  test("decorateDemand runs decorators in order, awaiting each", async () => {
    const order: string[] = [];
    const slow: DemandDecorator = {
      decorateDemand: async (d) => {
        await new Promise((r) => setImmediate(r));
        order.push("slow");
        d.ensure("(a=1)");
      },
    };
    const fast: DemandDecorator = {
      decorateDemand: (d) => {
        order.push("fast");
        d.ensure("(b=2)");
      },
    };
    const b = await decorateDemand(new DemandBuilder(), slow, fast);
    assert.deepEqual(order, ["slow", "fast"]);
    assert.equal(b.constraints, "(&(a=1)\n\t(b=2))");
  });

  test("buildDemand follows yapapi's order: activity, subnet, payment, package, strategy", async () => {
    const demand = await buildDemand({
      expiration: 1717000000000,
      subnetTag: "public",
      payment: {
        properties: [{ key: "golem.com.payment.platform.erc20-holesky-tglm.address", value: "0xabc" }],
        constraints: ["(golem.com.payment.platform.erc20-holesky-tglm.address=*)"],
      },
      package: pkg,
      strategy: new LeastExpensiveLinearPayuMS(),
    });
    assert.deepEqual(demand.properties, {
      "golem.srv.comp.expiration": 1717000000000,
      "golem.srv.caps.multi-activity": true,
      "golem.node.debug.subnet": "public",
      "golem.com.payment.platform.erc20-holesky-tglm.address": "0xabc",
      "golem.srv.comp.task_package": "hash:sha3:abc:http://repo/abc.gvmi",
      "golem.srv.comp.vm.package_format": "gvmkit-squash",
    });
    assert.equal(
      demand.constraints,
      "(&(golem.node.debug.subnet=public)\n\t(golem.com.payment.platform.erc20-holesky-tglm.address=*)\n\t" +
        "(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2.0)\n\t(golem.runtime.name=vm))\n\t" +
        "(golem.com.pricing.model=linear))",
    );
  });

  test("without a subnet there is no subnet property or constraint", async () => {
    const demand = await buildDemand({
      expiration: 5,
      multiActivity: false,
      package: { decorateDemand: () => undefined },
      strategy: new LeastExpensiveLinearPayuMS(),
    });
    assert.deepEqual(demand.properties, {
      "golem.srv.comp.expiration": 5,
      "golem.srv.caps.multi-activity": false,
    });
    assert.equal(demand.constraints, "(golem.com.pricing.model=linear)");
  });
});
