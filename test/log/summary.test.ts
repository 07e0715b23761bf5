// The summary logger, message by message, against scripted event sequences: a computation
// that succeeds on two providers (through the final provider table), cancelled and failed
// computations, and which agreements the summary counts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { newEvent as e } from "../../src/events/index.js";
import { logSummary, SummaryLogger } from "../../src/log/index.js";
import { captureLogger, feed, lines, type Step, T0 } from "./helpers.js";

const MIN = 60_000;
const started = (expiresInMs = 15 * MIN): Step => [0, e.ComputationStarted({ expires: T0 + expiresInMs })];
const terminated = (agrId: string, code: string) =>
  e.AgreementTerminated({ agrId, reason: { message: code, "golem.requestor.code": code } });

/** Two providers offer and confirm; alpha gets an agreement and computes both tasks. */
function negotiation(): Step[] {
  return [
    started(),
    [10, e.ProposalReceived({ propId: "p1", providerId: "0xa" })],
    [11, e.ProposalReceived({ propId: "p2", providerId: "0xb" })],
    [20, e.ProposalReceived({ propId: "p3", providerId: "0xa" })],
    [21, e.ProposalConfirmed({ propId: "p3" })],
    [22, e.ProposalReceived({ propId: "p4", providerId: "0xb" })],
    [23, e.ProposalConfirmed({ propId: "p4" })],
    [24, e.ProposalReceived({ propId: "p5", providerId: "0xb" })],
    [25, e.ProposalConfirmed({ propId: "p5" })],
    [
      30,
      e.AgreementCreated({
        agrId: "a1",
        providerId: "0xa",
        providerInfo: { name: "alpha", subnetTag: "public" },
      }),
    ],
    [31, e.AgreementConfirmed({ agrId: "a1" })],
    [32, e.AgreementCreated({ agrId: "a2", providerId: "0xb", providerInfo: { subnetTag: "public" } })],
    [33, e.AgreementConfirmed({ agrId: "a2" })],
  ];
}

const NEGOTIATION_LINES: [string, string][] = [
  ["info", "Received proposals from 1 provider so far"],
  ["info", "Received proposals from 2 providers so far"],
  ["info", "Received proposals from 2 providers so far"],
  ["info", "Agreement proposed to provider 'alpha'"],
  ["info", "Agreement confirmed by provider 'alpha'"],
  ["info", "Agreement proposed to provider '0xb'"],
  ["info", "Agreement confirmed by provider '0xb'"],
];

describe("SummaryLogger", () => {
  test("a computation on two providers, message by message", () => {
    const { logger, entries } = captureLogger();
    const summary = new SummaryLogger(null, { logger });
    const long = "x".repeat(300);
    feed(summary.log, [
      ...negotiation(),
      [40, e.WorkerStarted({ agrId: "a1" })],
      [41, e.ActivityCreated({ agrId: "a1", actId: "act1" })],
      [42, e.ScriptSent({ agrId: "a1", cmds: [{ deploy: {} }] })],
      [43, e.ScriptFinished({ agrId: "a1" })],
      [50, e.TaskStarted({ taskId: "1", agrId: "a1", taskData: { frame: 1 } })],
      [51, e.ScriptSent({ agrId: "a1", taskId: "1", cmds: [] })],
      [52, e.CommandExecuted({ agrId: "a1", taskId: "1", cmdIdx: 0, command: { run: {} } })],
      [53, e.GettingResults({ agrId: "a1", taskId: "1" })],
      [54, e.ScriptFinished({ agrId: "a1", taskId: "1" })],
      [55, e.TaskAccepted({ taskId: "1", result: "out-1" })],
      [60, e.TaskStarted({ taskId: "2", agrId: "a2", taskData: long })],
      [61, e.ScriptSent({ agrId: "a2", taskId: "2", cmds: [] })],
      [62, e.WorkerFinished({ agrId: "a2", excInfo: new Error("Command 'run' failed on provider") })],
      [70, e.TaskStarted({ taskId: "2", agrId: "a1", taskData: long })],
      [71, e.ScriptSent({ agrId: "a1", taskId: "2", cmds: [] })],
      [72, e.ScriptFinished({ agrId: "a1", taskId: "2" })],
      [73, e.TaskAccepted({ taskId: "2", result: "out-2" })],
      [74, e.WorkerFinished({ agrId: "a1" })],
      [12_345, e.ComputationFinished()],
      [12_400, terminated("a1", "Success")],
      [12_401, terminated("a2", "Cancelled")],
      [12_500, e.InvoiceReceived({ agrId: "a1", invId: "i1", amount: "0.0100" })],
      [12_501, e.PaymentAccepted({ agrId: "a1", invId: "i1", amount: "0.0100" })],
      [12_502, e.PaymentAccepted({ agrId: "a2", invId: "i2", amount: "0.002" })],
      [12_600, e.ShutdownFinished()],
    ]);
    const capped = `${"x".repeat(197)}...`;
    assert.deepEqual(lines(entries), [
      ...NEGOTIATION_LINES,
      ["info", "Task sent to provider 'alpha', task data: <initialization>"],
      ["info", "Task computed by provider 'alpha', task data: <initialization>"],
      ["info", `Task sent to provider 'alpha', task data: {"frame":1}`],
      ["info", `Task computed by provider 'alpha', task data: {"frame":1}`],
      ["info", `Task sent to provider '0xb', task data: ${capped}`],
      ["warn", "Activity failed on provider '0xb', reason: Command 'run' failed on provider"],
      ["info", `Task sent to provider 'alpha', task data: ${capped}`],
      ["info", `Task computed by provider 'alpha', task data: ${capped}`],
      ["info", "Computation finished in 12.3s"],
      ["info", "Negotiated 2 agreements with 2 providers"],
      ["info", "Provider 'alpha' computed 2 tasks"],
      ["info", "Provider '0xb' did not compute any tasks"],
      ["info", "Activity failed 1 time on provider '0xb'"],
      ["info", "Terminated agreement with 0xb"],
      ["info", "Accepted invoice from 'alpha', amount: 0.01"],
      ["info", "Accepted invoice from '0xb', amount: 0.002"],
      ["info", "Provider  Tasks  Failures   Cost"],
      ["info", "--------  -----  --------  -----"],
      ["info", "alpha         2         0   0.01"],
      ["info", "0xb           0         1  0.002"],
      ["info", "--------  -----  --------  -----"],
      ["info", "Total         2         1  0.012"],
      ["info", "Total cost: 0.012"],
      ["info", "Executor has shut down"],
    ]);
  });

  test("a cancelled computation warns, summarises, and ignores the workers it stops", () => {
    const { logger, entries } = captureLogger();
    feed(logSummary(null, { logger }), [
      ...negotiation(),
      [40, e.TaskStarted({ taskId: "1", agrId: "a1", taskData: 1 })],
      [41, e.ScriptSent({ agrId: "a1", taskId: "1", cmds: [] })],
      [42, e.ScriptFinished({ agrId: "a1", taskId: "1" })],
      [50, e.WorkerFinished({ agrId: "a2", excInfo: new Error("lost") })],
      [
        60,
        e.ComputationFinished({
          excInfo: { name: "CancelledError", message: "Ctrl-C", stack: null, code: null },
        }),
      ],
      [
        61,
        e.WorkerFinished({
          agrId: "a1",
          excInfo: { name: "CancelledError", message: "", stack: null, code: null },
        }),
      ],
      [62, terminated("a1", "Cancelled")],
      [63, terminated("a2", "Cancelled")],
      [64, e.ShutdownFinished()],
    ]);
    assert.deepEqual(lines(entries).slice(NEGOTIATION_LINES.length), [
      ["info", "Task sent to provider 'alpha', task data: 1"],
      ["info", "Task computed by provider 'alpha', task data: 1"],
      ["warn", "Activity failed on provider '0xb', reason: lost"],
      ["warn", "Computation cancelled"],
      ["info", "Negotiated 2 agreements with 2 providers"],
      ["info", "Provider 'alpha' computed 1 task"],
      ["info", "Provider '0xb' did not compute any tasks"],
      ["info", "Activity failed 1 time on provider '0xb'"],
      ["info", "Terminated agreement with alpha"],
      ["info", "Terminated agreement with 0xb"],
      ["info", "Provider  Tasks  Failures  Cost"],
      ["info", "--------  -----  --------  ----"],
      ["info", "alpha         1         0     0"],
      ["info", "0xb           0         1     0"],
      ["info", "--------  -----  --------  ----"],
      ["info", "Total         1         1     0"],
      ["info", "Total cost: 0"],
      ["info", "Executor has shut down"],
    ]);
  });

  test("a failed computation logs its reason with the stack, then the summary", () => {
    const { logger, entries } = captureLogger();
    const error = new Error("the budget is spent");
    feed(logSummary(null, { logger }), [
      ...negotiation(),
      [100, e.ComputationFinished({ excInfo: error })],
      [101, e.ComputationFinished({ excInfo: new RangeError("") })],
      [102, e.ShutdownFinished({ excInfo: new Error("allocation release failed") })],
    ]);
    const rest = entries.slice(NEGOTIATION_LINES.length);
    assert.deepEqual(lines(rest), [
      ["error", "Computation failed, reason: the budget is spent"],
      ["info", "Negotiated 2 agreements with 2 providers"],
      ["info", "Provider 'alpha' did not compute any tasks"],
      ["info", "Provider '0xb' did not compute any tasks"],
      ["error", "Computation failed, reason: RangeError()"],
      ["info", "Negotiated 2 agreements with 2 providers"],
      ["info", "Provider 'alpha' did not compute any tasks"],
      ["info", "Provider '0xb' did not compute any tasks"],
      ["info", "Provider  Tasks  Failures  Cost"],
      ["info", "--------  -----  --------  ----"],
      ["info", "alpha         0         0     0"],
      ["info", "0xb           0         0     0"],
      ["info", "--------  -----  --------  ----"],
      ["info", "Total         0         0     0"],
      ["info", "Total cost: 0"],
      ["error", "Error when shutting down Executor: allocation release failed"],
    ]);
    assert.equal(rest[0]!.stack, error.stack);
  });

  test("only confirmed agreements count as negotiated; every proposed one is listed", () => {
    const { logger, entries } = captureLogger();
    feed(logSummary(null, { logger }), [
      started(),
      [1, e.AgreementCreated({ agrId: "a1", providerId: "0xa", providerInfo: { name: "alpha" } })],
      [2, e.AgreementRejected({ agrId: "a1" })],
      [3, e.AgreementCreated({ agrId: "a2", providerId: "0xa", providerInfo: { name: "alpha" } })],
      [4, e.AgreementConfirmed({ agrId: "a2" })],
      [5, e.AgreementCreated({ agrId: "a3", providerId: "0xa", providerInfo: { name: "alpha" } })],
      [6, e.AgreementConfirmed({ agrId: "a3" })],
      [2_000, e.ComputationFinished()],
    ]);
    assert.deepEqual(lines(entries), [
      ["info", "Agreement proposed to provider 'alpha'"],
      ["info", "Agreement proposed to provider 'alpha'"],
      ["info", "Agreement confirmed by provider 'alpha'"],
      ["info", "Agreement proposed to provider 'alpha'"],
      ["info", "Agreement confirmed by provider 'alpha'"],
      ["info", "Computation finished in 2.0s"],
      ["info", "Negotiated 2 agreements with 1 providers"],
      ["info", "Provider 'alpha' did not compute any tasks"],
    ]);
  });
});
