import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { View } from "../../services/market/agreement-details.js";
import { InvalidPropertiesError } from "../../src/errors.js";
import {
  Activity,
  asList,
  Com,
  ComLinear,
  Counter,
  Inf,
  NodeInfo,
  RuntimeType,
  VmPackageFormat,
  VmRequest,
} from "../../src/props/index.js";

const linearProps = {
  "golem.com.pricing.model": "linear",
  "golem.com.pricing.model.linear.coeffs": [0.001, 0.002, 0.0],
  "golem.com.usage.vector": ["golem.usage.cpu_sec", "golem.usage.duration_sec"],
  "golem.com.scheme": "payu",
};

function invalid(fn: () => unknown, fragment: string | RegExp, key?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidPropertiesError, `expected InvalidPropertiesError, got ${String(e)}`);
    assert.match(
      e.message,
      typeof fragment === "string" ? new RegExp(fragment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : fragment,
    );
    if (key !== undefined) assert.equal(e.key, key);
    return true;
  });
}

describe("ComLinear.fromProperties (yapapi's test_from_properties cases)", () => {
  test("valid properties: fixed price is the LAST coefficient, the others price the counters in order", () => {
    const linear = ComLinear.fromProperties(linearProps);
    assert.equal(linear.scheme, "payu");
    assert.equal(linear.priceModel, "linear");
    assert.equal(linear.fixedPrice.toFixed(), "0");
    assert.deepEqual(
      [...linear.pricePerCounter].map(([c, p]) => [c, p.toFixed()]),
      [
        [Counter.CPU, "0.001"],
        [Counter.TIME, "0.002"],
      ],
    );
    const fixedLast = ComLinear.fromProperties({
      ...linearProps,
      "golem.com.pricing.model.linear.coeffs": [0.3, 0.2, 0.1],
    });
    assert.equal(fixedLast.fixedPrice.toFixed(), "0.1");
    assert.equal(fixedLast.pricePerCounter.get(Counter.CPU)?.toFixed(), "0.3");
  });

  test("unknown keys are ignored", () => {
    const linear = ComLinear.fromProperties({
      ...linearProps,
      "golem.node.id.name": "leopard",
      other: { x: 1 },
    });
    assert.equal(linear.fixedPrice.toNumber(), 0);
  });

  test("a missing required key is named", () => {
    const { "golem.com.scheme": _, ...noScheme } = linearProps;
    invalid(() => ComLinear.fromProperties(noScheme), "Missing key: 'golem.com.scheme'", "golem.com.scheme");
    const { "golem.com.pricing.model.linear.coeffs": __, ...noCoeffs } = linearProps;
    invalid(
      () => ComLinear.fromProperties(noCoeffs),
      "Invalid properties: Missing key: 'golem.com.pricing.model.linear.coeffs'",
      "golem.com.pricing.model.linear.coeffs",
    );
  });

  test("len(coeffs) must be len(usage) + 1 (empty list, too many, too few)", () => {
    for (const coeffs of [[], [0.1, 0.2], [0.1, 0.2, 0.3, 0.4]]) {
      invalid(
        () => ComLinear.fromProperties({ ...linearProps, "golem.com.pricing.model.linear.coeffs": coeffs }),
        `expected 3 coefficients`,
        "golem.com.pricing.model.linear.coeffs",
      );
    }
    invalid(
      () => ComLinear.fromProperties({ ...linearProps, "golem.com.usage.vector": ["golem.usage.cpu_sec"] }),
      /expected 2 coefficients .* got 3/,
    );
  });

  test("a coefficient that is not a number, and a usage vector that is not JSON", () => {
    invalid(
      () =>
        ComLinear.fromProperties({
          ...linearProps,
          "golem.com.pricing.model.linear.coeffs": [0.1, "spam", 0],
        }),
      "could not convert 'spam' to a number",
      "golem.com.pricing.model.linear.coeffs",
    );
    invalid(
      () => ComLinear.fromProperties({ ...linearProps, "golem.com.usage.vector": "not a vector" }),
      "Error when decoding 'not a vector'",
      "golem.com.usage.vector",
    );
  });

  test("the pricing model must be linear; lists may come as JSON text; coefficients are exact", () => {
    invalid(
      () => ComLinear.fromProperties({ ...linearProps, "golem.com.pricing.model": "flat" }),
      "expected linear pricing model",
    );
    const fromText = ComLinear.fromProperties({
      ...linearProps,
      "golem.com.pricing.model.linear.coeffs": "[0.1, 0.2, 0.3]",
      "golem.com.usage.vector": '["golem.usage.cpu_sec", "golem.usage.duration_sec"]',
    });
    assert.equal(fromText.fixedPrice.toFixed(), "0.3");
    const exact = ComLinear.fromProperties({
      ...linearProps,
      "golem.com.pricing.model.linear.coeffs": ["0.000000000000000001", 5.555555555555556e-6, "1e-3"],
    });
    assert.equal(exact.pricePerCounter.get(Counter.CPU)?.toFixed(), "0.000000000000000001");
    assert.equal(exact.pricePerCounter.get(Counter.TIME)?.toFixed(), "0.000005555555555555556");
    assert.equal(exact.fixedPrice.toFixed(), "0.001");
  });

  test("toProperties writes back what fromProperties reads", () => {
    const linear = ComLinear.fromProperties(linearProps);
    assert.deepEqual(linear.toProperties(), linearProps);
    assert.ok(Object.isFrozen(linear));
  });
});

describe("Model basics", () => {
  test("keys() maps field names to the exact property keys", () => {
    assert.deepEqual(NodeInfo.keys(), { name: "golem.node.id.name", subnetTag: "golem.node.debug.subnet" });
    assert.deepEqual(Activity.keys(), {
      costCap: "golem.activity.cost_cap",
      costWarning: "golem.activity.cost_warning",
      timeout: "golem.activity.timeout_secs",
      expiration: "golem.srv.comp.expiration",
      multiActivity: "golem.srv.caps.multi-activity",
    });
    assert.deepEqual(Com.keys(), { scheme: "golem.com.scheme", priceModel: "golem.com.pricing.model" });
    assert.deepEqual(ComLinear.keys(), {
      scheme: "golem.com.scheme",
      priceModel: "golem.com.pricing.model",
      linearCoeffs: "golem.com.pricing.model.linear.coeffs",
      usageVector: "golem.com.usage.vector",
    });
    assert.deepEqual(Inf.keys(), {
      mem: "golem.inf.mem.gib",
      storage: "golem.inf.storage.gib",
      cpuCores: "golem.inf.cpu.cores",
      cpuThreads: "golem.inf.cpu.threads",
      runtime: "golem.runtime.name",
      transfers: "golem.activity.caps.transfer.protocol",
    });
    assert.deepEqual(VmRequest.keys(), {
      packageUrl: "golem.srv.comp.task_package",
      packageFormat: "golem.srv.comp.vm.package_format",
    });
  });

  test("NodeInfo reads its keys only; a wrongly typed value is named", () => {
    const info = NodeInfo.fromProperties({
      "golem.node.id.name": "leopard",
      "golem.node.debug.subnet": "public",
      x: 1,
    });
    assert.equal(info.name, "leopard");
    assert.equal(info.subnetTag, "public");
    assert.ok(info instanceof NodeInfo);
    assert.deepEqual(NodeInfo.fromProperties({}), new NodeInfo());
    invalid(
      () => NodeInfo.fromProperties({ "golem.node.id.name": 7 }),
      "golem.node.id.name: expected a string, got 7",
      "golem.node.id.name",
    );
  });

  test("Activity: expiration in epoch ms, timeout in ms written as seconds, money as Decimal", () => {
    const activity = Activity.fromProperties({
      "golem.srv.comp.expiration": 1717000000123,
      "golem.srv.caps.multi-activity": true,
      "golem.activity.timeout_secs": 1.5,
      "golem.activity.cost_cap": "0.25",
      "golem.activity.cost_warning": 0.2,
    });
    assert.equal(activity.expiration, 1717000000123);
    assert.equal(activity.multiActivity, true);
    assert.equal(activity.timeout, 1500);
    assert.equal(activity.costCap?.toFixed(), "0.25");
    assert.equal(activity.costWarning?.toFixed(), "0.2");
    assert.deepEqual(
      new Activity({ timeout: 1500, expiration: 5, costCap: new Decimal("0.5") }).toProperties(),
      {
        "golem.activity.timeout_secs": 1.5,
        "golem.srv.comp.expiration": 5,
        "golem.activity.cost_cap": 0.5,
      },
    );
    invalid(
      () => Activity.fromProperties({ "golem.srv.caps.multi-activity": "yes" }),
      "expected true or false",
      "golem.srv.caps.multi-activity",
    );
    invalid(
      () => Activity.fromProperties({ "golem.srv.comp.expiration": "soon" }),
      "could not convert 'soon'",
      "golem.srv.comp.expiration",
    );
  });

  test("Inf reads a real offer's infrastructure", () => {
    const inf = Inf.fromProperties({
      "golem.inf.cpu.cores": 6,
      "golem.inf.cpu.threads": 11,
      "golem.inf.mem.gib": 21.33,
      "golem.inf.storage.gib": 28.13,
      "golem.runtime.name": "vm",
      "golem.activity.caps.transfer.protocol": ["gftp", "http", "https"],
    });
    assert.deepEqual(
      {
        mem: inf.mem,
        storage: inf.storage,
        cores: inf.cpuCores,
        threads: inf.cpuThreads,
        runtime: inf.runtime,
      },
      { mem: 21.33, storage: 28.13, cores: 6, threads: 11, runtime: RuntimeType.VM },
    );
    assert.deepEqual(inf.transfers, ["gftp", "http", "https"]);
    invalid(
      () => Inf.fromProperties({ "golem.inf.cpu.cores": 1.5 }),
      "expected a whole number",
      "golem.inf.cpu.cores",
    );
  });

  test("VmRequest requires the package URL", () => {
    const vm = new VmRequest({
      packageUrl: "hash:sha3:ab:http://repo/ab.gvmi",
      packageFormat: VmPackageFormat.GVMKIT_SQUASH,
    });
    assert.deepEqual(vm.toProperties(), {
      "golem.srv.comp.task_package": "hash:sha3:ab:http://repo/ab.gvmi",
      "golem.srv.comp.vm.package_format": "gvmkit-squash",
    });
    invalid(() => VmRequest.fromProperties({}), "Missing key: 'golem.srv.comp.task_package'");
  });

  test("the REST layer's View.extract takes a model", () => {
    const view = new View({ "golem.node.id.name": "leopard", ...linearProps });
    assert.equal(view.extract(NodeInfo).name, "leopard");
    assert.equal(view.extract(ComLinear).fixedPrice.toNumber(), 0);
  });

  test("asList follows yapapi's as_list", () => {
    assert.deepEqual(asList(["a"]), ["a"]);
    assert.deepEqual(asList("[1, 2]"), [1, 2]);
    assert.deepEqual(asList("5"), ["5"]);
    assert.throws(() => asList(5), /expected a list/);
  });

  test("InvalidPropertiesError reads like yapapi's", () => {
    assert.equal(new InvalidPropertiesError().message, "Invalid properties");
    assert.equal(new InvalidPropertiesError("x").message, "Invalid properties: x");
  });
});
