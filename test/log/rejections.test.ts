// The summary's breakdown of why offers were rejected, shown when no provider is found:
// with the "no proposals confirmed" warning and in the summary of a computation that made
// no agreement; counted per cause with the providers and the facts (caps, platforms, ...).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { newEvent as e } from "../../src/events/index.js";
import { logSummary, RejectionTally } from "../../src/log/index.js";
import {
  checkDebitNoteTimeout,
  checkSubnet,
  choosePaymentPlatform,
  FIXED_PRICE,
  negativePriceRejection,
  type OfferRejection,
  offerRejection,
  priceCapRejection,
  unsupportedCounterRejection,
} from "../../src/strategy/index.js";
import { captureLogger, feed, lines, type Step, T0 } from "./helpers.js";

function rejectionOf(check: { ok: boolean; rejection?: OfferRejection }): OfferRejection {
  assert.equal(check.ok, false);
  return check.rejection!;
}

const CPU = "golem.usage.cpu_sec";
const platformProps = { "golem.com.payment.platform.erc20-polygon-glm.address": "0x1" };

/** Offers from five providers, every one turned down, for different reasons. */
function rejectedOffers(): Step[] {
  const offers: [string, OfferRejection | null, string | null][] = [
    ["0xa", priceCapRejection(CPU, new Decimal("0.3"), new Decimal("0.2")), null],
    ["0xa", priceCapRejection(CPU, new Decimal("0.4"), new Decimal("0.2")), null],
    ["0xb", priceCapRejection(FIXED_PRICE, new Decimal("2"), new Decimal("1")), null],
    ["0xc", rejectionOf(choosePaymentPlatform(platformProps, ["erc20-holesky-tglm"])), null],
    [
      "0xd",
      rejectionOf(checkDebitNoteTimeout({ "golem.com.payment.debit-notes.accept-timeout?": 10 })),
      null,
    ],
    ["0xd", rejectionOf(checkSubnet({ "golem.node.debug.subnet": "devnet-beta" }, "public")), null],
    [
      "0xe",
      offerRejection("invalid-properties", "Missing key: 'golem.com.usage.vector'", {
        subject: "golem.com.usage.vector",
      }),
      null,
    ],
    ["0xe", negativePriceRejection(CPU, new Decimal("-1")), null],
    ["0xe", unsupportedCounterRejection("golem.usage.gib"), null],
    ["0xe", offerRejection("score-too-low", "score 0.5 is below 1"), null],
    ["0xb", null, "Could not accept provider's terms."],
  ];
  return offers.flatMap(([providerId, rejection, reason], i): Step[] => [
    [i, e.ProposalReceived({ propId: `r${i}`, providerId })],
    [i, e.ProposalRejected({ propId: `r${i}`, reason: reason ?? rejection!.reason, rejection })],
  ]);
}

const BREAKDOWN: [string, string][] = [
  ["warn", "Rejected 11 offers from 5 providers:"],
  [
    "warn",
    "  price above the strategy's cap: 3 offers from 2 providers (golem.usage.cpu_sec > 0.2: 2, fixed price > 1: 1)",
  ],
  ["warn", "  negative price: 1 offer from 1 provider (golem.usage.cpu_sec: 1)"],
  ["warn", "  unsupported usage counter: 1 offer from 1 provider (golem.usage.gib: 1)"],
  ["warn", "  invalid properties: 1 offer from 1 provider (golem.com.usage.vector: 1)"],
  ["warn", "  score too low: 1 offer from 1 provider"],
  ["warn", "  no common payment platform: 1 offer from 1 provider (erc20-polygon-glm: 1)"],
  ["warn", "  debit-note acceptance timeout too short: 1 offer from 1 provider (10 s < 30 s: 1)"],
  ["warn", "  offer from another subnet: 1 offer from 1 provider ('devnet-beta': 1)"],
  ["warn", "  other reasons: 1 offer from 1 provider (Could not accept provider's terms.: 1)"],
];

describe("the offer-rejection breakdown", () => {
  test("follows the 'no proposals confirmed' warning and ends the summary of a computation without agreements", () => {
    const { logger, entries } = captureLogger();
    feed(logSummary(null, { logger }), [
      [0, e.ComputationStarted({ expires: T0 + 10 * 60_000 })],
      ...rejectedOffers(),
      [20_000, e.NoProposalsConfirmed({ numOffers: 11, timeout: 20_000 })],
      [30_000, e.ComputationFinished({ excInfo: new Error("no provider accepted the demand") })],
      [30_001, e.ShutdownFinished()],
    ]);
    assert.deepEqual(lines(entries), [
      [
        "warn",
        "11 offers have been collected from the market, but no provider has responded for 20s. Make sure " +
          "you're using the latest released versions of yagna and yatsapi, and the correct subnet. Also make sure " +
          "that the timeout for computing all tasks is within the 5 min to 30 min range.",
      ],
      ...BREAKDOWN,
      ["error", "Computation failed, reason: no provider accepted the demand"],
      ["info", "Negotiated 0 agreements with 0 providers"],
      ...BREAKDOWN,
      ["info", "Total cost: 0"],
      ["info", "Executor has shut down"],
    ]);
  });

  test("is left out once an agreement was made, and reset by the next computation", () => {
    const { logger, entries } = captureLogger();
    const log = logSummary(null, { logger });
    feed(log, [
      [0, e.ComputationStarted({ expires: T0 + 10 * 60_000 })],
      ...rejectedOffers(),
      [50, e.AgreementCreated({ agrId: "a1", providerId: "0xf", providerInfo: { name: "f" } })],
      [51, e.AgreementConfirmed({ agrId: "a1" })],
      [1_000, e.ComputationFinished()],
    ]);
    assert.ok(!entries.some((x) => x.message.startsWith("Rejected")));
    entries.length = 0;
    feed(log, [
      [2_000, e.ComputationStarted({ expires: T0 + 12 * 60_000 })],
      [2_001, e.ProposalReceived({ propId: "q", providerId: "0xg" })],
      [2_002, e.ProposalRejected({ propId: "q", reason: "Score too low", rejection: null })],
      [2_003, e.ProposalRejected({ propId: "unseen" })],
      [3_000, e.ComputationFinished()],
    ]);
    assert.deepEqual(lines(entries), [
      ["info", "Computation finished in 1.0s"],
      ["info", "Negotiated 0 agreements with 0 providers"],
      ["warn", "Rejected 2 offers from 1 provider:"],
      ["warn", "  other reasons: 2 offers from 1 provider (Score too low: 1, no reason given: 1)"],
    ]);
  });

  test("counts per cause in the catalogue's order and caps the details at five", () => {
    const tally = new RejectionTally();
    for (let i = 0; i < 7; i++) {
      tally.add(
        e.ProposalRejected({
          propId: `p${i}`,
          rejection: unsupportedCounterRejection(`golem.usage.c${i % 6}`),
        }),
        `0x${i}`,
      );
    }
    tally.add(
      e.ProposalRejected({ propId: "x", rejection: priceCapRejection(CPU, new Decimal(1), new Decimal(0)) }),
      null,
    );
    assert.deepEqual(
      tally.counts().map((c) => [c.cause, c.offers, c.providers, c.details.length]),
      [
        ["price-cap", 1, 0, 1],
        ["unsupported-counter", 7, 7, 6],
      ],
    );
    assert.equal(tally.offers, 8);
    assert.deepEqual(tally.lines(), [
      "Rejected 8 offers from 7 providers:",
      "  price above the strategy's cap: 1 offer from 0 providers (golem.usage.cpu_sec > 0: 1)",
      "  unsupported usage counter: 7 offers from 7 providers (golem.usage.c0: 2, golem.usage.c1: 1, " +
        "golem.usage.c2: 1, golem.usage.c3: 1, golem.usage.c4: 1, ...)",
    ]);
    assert.deepEqual(new RejectionTally().lines(), []);
  });
});
