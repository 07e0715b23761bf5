// The summary logger, message by message: the expiry warning, "no proposals" warnings,
// payments (Decimal totals kept across computations until the shutdown), the provider
// table, forwarding to the wrapped consumer, and the invalid state.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ComputationEvent, newEvent as e } from "../../src/events/index.js";
import { logSummary, SummaryLogger } from "../../src/log/index.js";
import { captureLogger, feed, lines, type Step, T0 } from "./helpers.js";

const MIN = 60_000;
const started = (expiresInMs = 15 * MIN): Step => [0, e.ComputationStarted({ expires: T0 + expiresInMs })];

describe("SummaryLogger messages", () => {
  test("warns when the expiration is outside 5 min 5 s .. 30 min from the start", () => {
    const warned = (expiresInMs: number): string[] => {
      const { logger, entries } = captureLogger();
      feed(logSummary(null, { logger }), [started(expiresInMs)]);
      return entries.map((x) => `${x.level} ${x.message}`);
    };
    const text = (m: string) =>
      `warn Expiration time for your tasks is set to ${m} from now. Providers will probably not respond to ` +
      "tasks which expire sooner than 5 min or later than 30 min, counting from the moment they get your " +
      "demand. Use the `timeoutMs` option of `Executor` to adjust the timeout.";
    assert.deepEqual(warned(3 * MIN), [text("3 min 0 sec")]);
    assert.deepEqual(warned(5 * MIN), [text("5 min 0 sec")]);
    assert.deepEqual(warned(5 * MIN + 4_400), [text("5 min 4 sec")]);
    assert.deepEqual(warned(5 * MIN + 5_000), []);
    assert.deepEqual(warned(30 * MIN), []);
    assert.deepEqual(warned(30 * MIN + 1), [text("30 min 0 sec")]);
    assert.deepEqual(warned(31 * MIN + 30_000), [text("31 min 30 sec")]);
    assert.deepEqual(warned(-10_000), [text("-1 min 50 sec")]);
  });

  test("no proposals confirmed: how long it waited, how many offers came", () => {
    const { logger, entries } = captureLogger();
    feed(logSummary(null, { logger }), [
      started(),
      [20_000, e.NoProposalsConfirmed({ numOffers: 0, timeout: 20_000 })],
      [40_000, e.NoProposalsConfirmed({ numOffers: 1, timeout: 20_000 })],
      [60_000, e.NoProposalsConfirmed({ numOffers: 7, timeout: 20_500 })],
    ]);
    const hint =
      " Make sure you're using the latest released versions of yagna and yatsapi, and the correct subnet." +
      " Also make sure that the timeout for computing all tasks is within the 5 min to 30 min range.";
    assert.deepEqual(lines(entries), [
      ["warn", `No offers have been collected from the market for 20s.${hint}`],
      ["warn", `1 offer has been collected from the market, but no provider has responded for 40s.${hint}`],
      ["warn", `7 offers have been collected from the market, but no provider has responded for 60s.${hint}`],
    ]);
  });

  test("payments: per-provider Decimal sums, the cost so far across computations, reset at shutdown", () => {
    const { logger, entries } = captureLogger();
    const summary = new SummaryLogger(null, { logger });
    const agreement = (agrId: string): Step[] => [
      [1, e.AgreementCreated({ agrId, providerId: "0xa", providerInfo: { name: "alpha" } })],
      [2, e.AgreementConfirmed({ agrId })],
    ];
    feed(summary.log, [
      started(),
      ...agreement("a1"),
      [3, e.PaymentAccepted({ agrId: "a1", invId: "i1", amount: "0.1" })],
      [4, e.PaymentAccepted({ agrId: "a1", invId: "i2", amount: "0.2" })],
      [5, e.PaymentFailed({ agrId: "a1", excInfo: new Error("allocation exhausted") })],
      [6, e.PaymentFailed({ agrId: "a1" })],
      started(),
      ...agreement("a2"),
      [7, e.PaymentAccepted({ agrId: "a2", invId: "i3", amount: "0.000000000000000001" })],
      [8, e.ShutdownFinished()],
      started(),
    ]);
    const repr = "ProviderInfo(id='0xa', name='alpha', subnet_tag=None)";
    assert.deepEqual(lines(entries), [
      ["info", "Agreement proposed to provider 'alpha'"],
      ["info", "Agreement confirmed by provider 'alpha'"],
      ["info", "Accepted invoice from 'alpha', amount: 0.1"],
      ["info", "Accepted invoice from 'alpha', amount: 0.3"],
      ["error", `Failed to accept an invoice or a debit note from '${repr}', reason: allocation exhausted`],
      ["error", `Failed to accept an invoice or a debit note from '${repr}', reason: unexpected error`],
      ["info", "The cost so far: 0.3"],
      ["info", "Agreement proposed to provider 'alpha'"],
      ["info", "Agreement confirmed by provider 'alpha'"],
      ["info", "Accepted invoice from 'alpha', amount: 0.300000000000000001"],
      ["info", "Provider  Tasks  Failures                  Cost"],
      ["info", "--------  -----  --------  --------------------"],
      ["info", "alpha         0         0  0.300000000000000001"],
      ["info", "--------  -----  --------  --------------------"],
      ["info", "Total         0         0  0.300000000000000001"],
      ["info", "Total cost: 0.300000000000000001"],
      ["info", "Executor has shut down"],
    ]);
  });

  test("providers sharing a name are told apart by id in the table", () => {
    const { logger, entries } = captureLogger();
    feed(logSummary(null, { logger }), [
      started(),
      [1, e.AgreementCreated({ agrId: "a1", providerId: "0x1", providerInfo: { name: "node" } })],
      [2, e.AgreementCreated({ agrId: "a2", providerId: "0x2", providerInfo: { name: "node" } })],
      [3, e.PaymentAccepted({ agrId: "a2", invId: "i", amount: "1.5" })],
      [4, e.ShutdownFinished()],
    ]);
    assert.deepEqual(
      entries.map((x) => x.message).filter((m) => m.startsWith("node")),
      ["node (0x1)      0         0     0", "node (0x2)      0         0   1.5"],
    );
  });

  test("forwards every event first, with its time, and returns what the wrapped consumer returns", () => {
    const { logger } = captureLogger();
    const seen: [string, number | undefined][] = [];
    const wrapped = (event: ComputationEvent, time?: number): string => {
      seen.push([event.type, time]);
      return `got ${event.type}`;
    };
    const log = logSummary(wrapped, {
      logger,
      now: () => 42,
    });
    assert.equal(log(e.ComputationStarted({ expires: 10 * MIN })), "got ComputationStarted");
    assert.equal(log(e.ComputationFinished(), 7), "got ComputationFinished");
    assert.deepEqual(seen, [
      ["ComputationStarted", 42],
      ["ComputationFinished", 7],
    ]);
    assert.throws(() => new SummaryLogger("not a function" as never), /wrapped must be an event consumer/);
  });

  test("an event it cannot place puts it in an invalid state, logged once; events still go through", () => {
    const { logger, entries } = captureLogger();
    const forwarded: string[] = [];
    feed(
      logSummary((event) => void forwarded.push(event.type), { logger }),
      [
        started(),
        [1, e.AgreementConfirmed({ agrId: "nowhere" })],
        [2, e.ProposalConfirmed({ propId: "unknown" })],
        [3, e.AgreementCreated({ agrId: "a1", providerId: "0xa", providerInfo: { name: "alpha" } })],
        [4, e.ComputationFinished()],
      ],
    );
    assert.deepEqual(lines(entries), [["error", "SummaryLogger entered invalid state"]]);
    assert.match(entries[0]!.stack ?? "", /no AgreementCreated seen for agreement nowhere/);
    assert.equal(forwarded.length, 5);
  });
});
