// The payment API's building blocks on their own: money, platforms, the ledger and the
// demand decorations.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Clock } from "../../devnet/clock.js";
import { HttpError } from "../../devnet/http.js";
import { Ids } from "../../devnet/ids.js";
import { readNewAllocation } from "../../devnet/payment/allocation-input.js";
import { demandDecorations } from "../../devnet/payment/decorations.js";
import { Ledger, remaining } from "../../devnet/payment/ledger.js";
import { formatAmount, linearCost, Money, parseAmount } from "../../devnet/payment/money.js";
import {
  accountParts,
  PlatformError,
  parsePlatformName,
  platformFromObject,
} from "../../devnet/payment/platform.js";
import { formatDuration } from "../../devnet/payment/terms.js";
import { Rng } from "../../devnet/rng.js";

const ME = "0x1111111111111111111111111111111111111111";

function newLedger(balance = "100"): { ledger: Ledger; clock: Clock } {
  const clock = new Clock();
  const ledger = new Ledger(
    clock,
    new Ids(Rng.fromSeed("ledger")),
    [{ platform: "erc20-holesky-tglm", balance }],
    ME,
  );
  return { ledger, clock };
}

function problemOf(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HttpError, `not an HttpError: ${err}`);
    assert.equal(err.kind, "problem");
    return { status: err.status, ...err.problem };
  }
  assert.fail("no error thrown");
}

describe("money", () => {
  test("amounts parse from strings and numbers, exactly", () => {
    assert.equal(formatAmount(parseAmount("10.0") as Money), "10");
    assert.equal(formatAmount(parseAmount(1.5) as Money), "1.5");
    assert.equal(formatAmount(parseAmount("0.000000000000000001") as Money), "0.000000000000000001");
    assert.equal(formatAmount(parseAmount(1e-7) as Money), "0.0000001");
    const sum = (parseAmount("0.1") as Money).plus(parseAmount("0.2") as Money);
    assert.equal(formatAmount(sum), "0.3");
  });

  test("bad amounts say what is wrong", () => {
    assert.equal(parseAmount(-1), "must not be negative");
    assert.match(String(parseAmount("abc")), /not a decimal number/);
    assert.match(String(parseAmount("0x10")), /not a decimal number/);
    assert.match(String(parseAmount("Infinity")), /not a decimal number/);
    assert.match(String(parseAmount(true)), /decimal string or a number/);
    assert.match(String(parseAmount("0.0000000000000000001")), /18 decimal places/);
    assert.match(String(parseAmount("1e40")), /too large/);
  });

  test("linear cost is start + sum(coeff * usage), rounded to 18 places", () => {
    assert.equal(formatAmount(linearCost([0.1, 0.01, 1], [10, 100])), "3");
    assert.equal(formatAmount(linearCost([1 / 3, 0], [1])), "0.3333333333333333");
    assert.equal(formatAmount(linearCost([0.0001, 0.0001], [2, 3])), "0.0005");
    // No start price when there are as many coefficients as counters.
    assert.equal(formatAmount(linearCost([2, 3], [1, 1])), "5");
  });
});

describe("platforms", () => {
  test("names parse into driver, network and token", () => {
    assert.deepEqual(parsePlatformName("erc20-polygon-glm"), {
      name: "erc20-polygon-glm",
      driver: "erc20",
      network: "polygon",
      token: "glm",
    });
    assert.equal(parsePlatformName("erc20-hoodi-tglm").network, "hoodi");
  });

  test("bad names are refused with the daemon's reasons", () => {
    assert.throws(() => parsePlatformName("erc20-rinkeby-tglm"), /Rinkeby is no longer supported/);
    assert.throws(() => parsePlatformName("erc20-goerli-tglm"), /Goerli is no longer supported/);
    assert.throws(() => parsePlatformName("erc20-holesky-tGLM"), /Uppercase token names are not supported/);
    assert.throws(() => parsePlatformName("erc20-polygon-tglm"), /does not match expected token glm/);
    assert.throws(() => parsePlatformName("holesky"), /must be of the form driver-network-token/);
    assert.throws(() => parsePlatformName("zksync-holesky-tglm"), /Invalid driver name zksync/);
    assert.throws(() => parsePlatformName("erc20-moon-tglm"), PlatformError);
  });

  test("objects take defaults part by part", () => {
    assert.equal(platformFromObject({}).name, "erc20-holesky-tglm");
    assert.equal(platformFromObject({ token: "glm" }).name, "erc20-polygon-glm");
    assert.equal(platformFromObject({ token: "tglm" }).name, "erc20-holesky-tglm");
    assert.equal(platformFromObject({ network: "hoodi" }).name, "erc20-hoodi-tglm");
    assert.equal(platformFromObject({ network: "mainnet" }).name, "erc20-mainnet-glm");
    assert.equal(
      platformFromObject({ driver: "erc20", network: "sepolia", token: "tglm" }).name,
      "erc20-sepolia-tglm",
    );
    assert.throws(() => platformFromObject({ token: "GLM" }), /Uppercase token names/);
    assert.throws(() => platformFromObject({ token: "eth" }), /Only glm or tglm/);
    assert.throws(() => platformFromObject({ network: 5 }), /paymentPlatform.network must be a string/);
  });

  test("accounts show the token in mixed case", () => {
    assert.deepEqual(accountParts("erc20-holesky-tglm"), {
      driver: "erc20",
      network: "holesky",
      token: "tGLM",
    });
    assert.deepEqual(accountParts("erc20-polygon-glm"), {
      driver: "erc20",
      network: "polygon",
      token: "GLM",
    });
    assert.deepEqual(accountParts("dummy-glm"), { driver: "dummy", network: "dummy", token: "GLM" });
  });
});

describe("ledger", () => {
  test("allocations reserve the balance and are refused beyond it", () => {
    const { ledger } = newLedger("10");
    const a = ledger.create(readNewAllocation({ totalAmount: "6" }, ME), {});
    assert.equal(formatAmount(remaining(a)), "6");
    const p = problemOf(() =>
      ledger.create(readNewAllocation({ totalAmount: "4.000000000000000001" }, ME), { x: 1 }),
    );
    assert.equal(p.status, 400);
    assert.equal(p.instance, "/payment-api/v1/allocations/validation-error/insufficient-account-funds");
    assert.equal(p.requestedFunds, "4.000000000000000001");
    assert.equal(p.availableFunds, "10");
    assert.equal(p.reservedFunds, "6");
    assert.deepEqual(p.requestBody, { x: 1 });
    ledger.create(readNewAllocation({ totalAmount: 4 }, ME), {});
    ledger.release(a);
    ledger.create(readNewAllocation({ totalAmount: "6" }, ME), {});
  });

  test("spending pays from the balance and can never overspend", () => {
    const { ledger } = newLedger("10");
    const a = ledger.create(readNewAllocation({ totalAmount: "5" }, ME), {});
    ledger.spend(a, new Money("1.25"), { agreementId: "ag", activityId: "act" });
    ledger.spend(a, new Money("0.75"), { agreementId: "ag", activityId: "act" });
    ledger.spend(a, new Money("1"), { agreementId: "ag" });
    assert.equal(formatAmount(a.spentAmount), "3");
    assert.equal(formatAmount(ledger.accounts()[0]!.balance), "7");
    assert.throws(
      () => ledger.spend(a, new Money("2.000000000000000001"), { agreementId: "ag" }),
      /overspent/,
    );
    assert.deepEqual(
      ledger.expenditures(a.allocationId).map((e) => [e.activityId, formatAmount(e.amount)]),
      [
        ["act", "2"],
        [undefined, "1"],
      ],
    );
    // Releasing frees the unspent 2; the balance still covers 7.
    ledger.release(a);
    ledger.create(readNewAllocation({ totalAmount: "7" }, ME), {});
  });

  test("amend refuses totals below the spent amount and past timeouts", () => {
    const { ledger, clock } = newLedger("10");
    const a = ledger.create(readNewAllocation({ totalAmount: "5" }, ME), {});
    ledger.spend(a, new Money("3"), { agreementId: "ag" });
    assert.equal(
      ledger.amend(a, { totalAmount: new Money("2") }, {}),
      "New allocation would be smaller than the already spent amount",
    );
    assert.equal(
      ledger.amend(a, { timeoutMs: clock.now() - 1000 }, {}),
      "New allocation timeout is in the past",
    );
    const p = problemOf(() => ledger.amend(a, { totalAmount: new Money("11") }, {}));
    assert.equal(p.requestedFunds, "6");
    const amended = ledger.amend(a, { totalAmount: new Money("10") }, {});
    assert.notEqual(typeof amended, "string");
    assert.equal(formatAmount(remaining(a)), "7");
  });

  test("an allocation is released at its timeout, even years ahead", (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: Date.parse("2030-01-01T00:00:00Z") });
    const { ledger, clock } = newLedger();
    const soon = ledger.create(
      readNewAllocation({ totalAmount: "1", timeout: clock.iso(clock.now() + 60_000) }, ME),
      {},
    );
    const tenYears = 10 * 365 * 24 * 3600 * 1000;
    const later = ledger.create(
      readNewAllocation({ totalAmount: "1", timeout: clock.iso(clock.now() + tenYears) }, ME),
      {},
    );
    t.mock.timers.tick(59_999);
    assert.equal(ledger.active().length, 2);
    t.mock.timers.tick(1);
    assert.deepEqual(ledger.active(), [later]);
    assert.equal(soon.released, true);
    // Node's timers hold at most ~24.8 days: the far one is re-armed in steps, not fired early.
    const day = 24 * 3600 * 1000;
    for (let d = 0; d < 3640; d += 20) t.mock.timers.tick(20 * day);
    assert.equal(later.released, false);
    t.mock.timers.tick(tenYears - 3640 * day - 60_000 - 1);
    assert.equal(later.released, false);
    t.mock.timers.tick(1);
    // Released by its timer, before anyone asked.
    assert.equal(later.released, true);
    assert.equal(ledger.get(later.allocationId), "gone");
    assert.equal(ledger.get("nope"), undefined);
    ledger.stop();
  });

  test("unknown accounts and past timeouts are problems", () => {
    const { ledger } = newLedger();
    const p = problemOf(() =>
      ledger.create(readNewAllocation({ totalAmount: "1", paymentPlatform: "erc20-sepolia-tglm" }, ME), {}),
    );
    assert.equal(p.type, "/payment-api/v1/allocations/account-not-registered");
    assert.equal(p.detail, `Account ${ME} not registered for platform erc20-sepolia-tglm`);
    const q = problemOf(() =>
      ledger.create(readNewAllocation({ totalAmount: "1", timeout: "2001-01-01T00:00:00Z" }, ME), {}),
    );
    assert.equal(q.instance, "/payment-api/v1/allocations/validation-error/timeout-passed");
    assert.equal(q.requestedTimeout, "2001-01-01T00:00:00.000+00:00");
  });
});

describe("demand decorations", () => {
  test("one allocation: a single platform constraint and version >1", () => {
    const { ledger } = newLedger();
    const a = ledger.create(readNewAllocation({ totalAmount: "1" }, ME), {});
    assert.deepEqual(demandDecorations([a]), {
      properties: [
        { key: "golem.com.payment.platform.erc20-holesky-tglm.address", value: ME },
        { key: "golem.com.payment.protocol.version", value: "3" },
      ],
      constraints: [
        "(golem.com.payment.platform.erc20-holesky-tglm.address=*)",
        "(golem.com.payment.protocol.version>1)",
      ],
    });
  });

  test("several allocations: an OR group over lines; a deposit needs >2", () => {
    const clock = new Clock();
    const ledger = new Ledger(
      clock,
      new Ids(Rng.fromSeed("d")),
      [
        { platform: "erc20-holesky-tglm", balance: "10" },
        { platform: "erc20-polygon-glm", balance: "10" },
      ],
      ME,
    );
    const a = ledger.create(readNewAllocation({ totalAmount: "1" }, ME), {});
    const deposit = { id: "0x1234", contract: `0x${"ab".repeat(20)}` };
    const b = ledger.create(
      readNewAllocation({ totalAmount: "1", paymentPlatform: { token: "glm" }, deposit }, ME),
      {},
    );
    const d = demandDecorations([a, b]);
    assert.equal(
      d.constraints[0],
      "(|\n  (golem.com.payment.platform.erc20-holesky-tglm.address=*)\n  (golem.com.payment.platform.erc20-polygon-glm.address=*)\n)",
    );
    assert.equal(d.constraints[1], "(golem.com.payment.protocol.version>2)");
    assert.equal(d.properties.length, 3);
    assert.ok(d.properties.every((p) => typeof p.value === "string"));
  });
});

test("durations print as ya-provider prints them", () => {
  assert.equal(formatDuration(2), "2s");
  assert.equal(formatDuration(240), "4m");
  assert.equal(formatDuration(90), "1m 30s");
  assert.equal(formatDuration(0.5), "500ms");
});
