import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DemandBuilder } from "../../src/demand-builder.js";
import { CHOSEN_PLATFORM, DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP } from "../../src/props/index.js";
import {
  checkDebitNoteTimeout,
  checkSubnet,
  choosePaymentPlatform,
  counterProposalTerms,
  offerRejection,
  paymentPlatformsOf,
  REJECTION_KINDS,
} from "../../src/strategy/index.js";

const address = (platform: string) => `golem.com.payment.platform.${platform}.address`;

describe("payment platforms", () => {
  test("platforms are read from the offer's keys; none means NGNT", () => {
    assert.deepEqual(
      paymentPlatformsOf({
        [address("erc20-holesky-tglm")]: "0x1",
        [address("zksync-rinkeby-tglm")]: "0x1",
        other: 1,
      }),
      ["erc20-holesky-tglm", "zksync-rinkeby-tglm"],
    );
    assert.deepEqual(paymentPlatformsOf({}), ["NGNT"]);
  });

  test("the first of our platforms the offer has is chosen; none in common is a payment-platform rejection", () => {
    const props = { [address("erc20-holesky-tglm")]: "0x1", [address("zksync-rinkeby-tglm")]: "0x1" };
    assert.deepEqual(choosePaymentPlatform(props, ["zksync-rinkeby-tglm", "erc20-holesky-tglm"]), {
      ok: true,
      value: "zksync-rinkeby-tglm",
    });
    const none = choosePaymentPlatform(props, ["erc20-polygon-glm"]);
    assert.equal(none.ok, false);
    if (!none.ok) {
      assert.equal(none.rejection.kind, "payment-platform");
      assert.equal(none.rejection.reason, "No common payment platform");
    }
  });
});

describe("debit-note acceptance timeout (yapapi: minimum 30 s, echoed back)", () => {
  test("absent or zero asks nothing; 30 s and more is echoed; less is rejected", () => {
    assert.deepEqual(checkDebitNoteTimeout({}), { ok: true, value: null });
    assert.deepEqual(checkDebitNoteTimeout({ [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 0 }), {
      ok: true,
      value: null,
    });
    assert.deepEqual(checkDebitNoteTimeout({ [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 30 }), {
      ok: true,
      value: 30,
    });
    assert.deepEqual(checkDebitNoteTimeout({ [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 240 }), {
      ok: true,
      value: 240,
    });
    const short = checkDebitNoteTimeout({ [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 29 });
    assert.equal(short.ok, false);
    if (!short.ok) {
      assert.equal(short.rejection.kind, "debit-note-timeout");
      assert.equal(short.rejection.reason, "Debit note acceptance timeout too short");
      assert.equal(short.rejection.limit, "30");
    }
    const text = checkDebitNoteTimeout({ [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: "soon" });
    assert.equal(!text.ok && text.rejection.kind, "invalid-properties");
  });
});

describe("subnet and counter-proposal terms", () => {
  test("an offer from another subnet is a subnet rejection; no subnet asked for passes all", () => {
    assert.equal(checkSubnet({ "golem.node.debug.subnet": "public" }, "public").ok, true);
    assert.equal(checkSubnet({}, null).ok, true);
    const other = checkSubnet({ "golem.node.debug.subnet": "devnet" }, "public");
    assert.equal(!other.ok && other.rejection.kind, "subnet");
  });

  test("terms per offer: chosen platform and echoed timeout, never leaking into the demand", () => {
    const builder = new DemandBuilder().set("golem.srv.comp.expiration", 1);
    const a = counterProposalTerms(
      {
        [address("erc20-holesky-tglm")]: "0x1",
        [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 240,
        "golem.node.debug.subnet": "public",
      },
      { allocationPlatforms: ["erc20-holesky-tglm"], subnetTag: "public" },
    );
    assert.deepEqual(a, {
      ok: true,
      value: { [CHOSEN_PLATFORM]: "erc20-holesky-tglm", [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 240 },
    });
    if (a.ok) assert.equal(builder.toDemand(a.value).properties[CHOSEN_PLATFORM], "erc20-holesky-tglm");
    const b = counterProposalTerms(
      { [address("erc20-holesky-tglm")]: "0x1" },
      { allocationPlatforms: ["erc20-holesky-tglm"] },
    );
    assert.deepEqual(b, { ok: true, value: { [CHOSEN_PLATFORM]: "erc20-holesky-tglm" } });
    assert.deepEqual(builder.properties, { "golem.srv.comp.expiration": 1 });
  });

  test("checks run in order: subnet, platform, then timeout", () => {
    const bad = { [DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP]: 5, "golem.node.debug.subnet": "x" };
    const kinds = [
      counterProposalTerms(bad, { allocationPlatforms: [], subnetTag: "public" }),
      counterProposalTerms(bad, { allocationPlatforms: [] }),
      counterProposalTerms(bad, { allocationPlatforms: ["NGNT"] }),
    ].map((r) => (r.ok ? "ok" : r.rejection.kind));
    assert.deepEqual(kinds, ["subnet", "payment-platform", "debit-note-timeout"]);
  });

  test("rejections are frozen JSON and every kind has a provider-facing reason", () => {
    for (const kind of REJECTION_KINDS) {
      const r = offerRejection(kind, "why");
      assert.ok(Object.isFrozen(r));
      assert.ok(r.reason.length > 0);
      assert.deepEqual(JSON.parse(JSON.stringify(r)), { ...r });
    }
  });
});
