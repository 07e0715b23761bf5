import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ComputationEvent } from "../../src/events/types.js";
import { formatDuration, ProgressBar, ProgressState, renderProgress } from "../../src/progress/index.js";

const T0 = 1_700_000_000_000;

/** A computation of 4 tasks on two providers: one task retried, debit notes, one invoice paid. */
const SCRIPT: [number, ComputationEvent][] = [
  [0, { type: "ComputationStarted", expires: T0 + 60_000 }],
  [100, { type: "AgreementCreated", agrId: "a1", providerId: "p1", providerInfo: { name: "lynx" } }],
  [110, { type: "AgreementCreated", agrId: "a2", providerId: "p2", providerInfo: { name: "otter" } }],
  [200, { type: "AgreementConfirmed", agrId: "a1" }],
  [210, { type: "AgreementConfirmed", agrId: "a2" }],
  [300, { type: "TaskStarted", taskId: "1", agrId: "a1", taskData: 1 }],
  [310, { type: "TaskStarted", taskId: "2", agrId: "a2", taskData: 2 }],
  [1300, { type: "TaskAccepted", taskId: "1", result: null }],
  [1400, { type: "DebitNoteReceived", agrId: "a1", noteId: "d1", amount: "0.001" }],
  [1500, { type: "TaskRejected", taskId: "2", reason: "bad" }],
  [1600, { type: "TaskStarted", taskId: "2", agrId: "a2", taskData: 2 }],
  [1700, { type: "DebitNoteReceived", agrId: "a1", noteId: "d2", amount: "0.0025" }],
  [1800, { type: "DebitNoteReceived", agrId: "a2", noteId: "d3", amount: "0.002" }],
  [1900, { type: "TaskStarted", taskId: "3", agrId: "a1", taskData: 3 }],
  [2000, { type: "WorkerFinished", agrId: "a1", excInfo: null }],
  [2100, { type: "PaymentAccepted", agrId: "a1", invId: "i1", amount: "0.003" }],
];

function play(upTo: number): ProgressState {
  const state = new ProgressState(4);
  for (const [dt, event] of SCRIPT.slice(0, upTo)) state.update(event, T0 + dt);
  return state;
}

describe("progress", () => {
  test("counts tasks, retries, providers and cost from the events", () => {
    const s = play(SCRIPT.length).snapshot(T0 + 2100);
    assert.equal(s.done, 1);
    assert.equal(s.total, 4);
    // Task 3 was dropped with its worker; task 2 runs again.
    assert.equal(s.running, 1);
    assert.equal(s.retries, 1);
    assert.equal(s.providers, 2);
    // a1's invoice replaces its debit notes; a2 so far by its latest debit note.
    assert.equal(s.cost.toFixed(), "0.005");
    assert.equal(s.elapsedMs, 2100);
    assert.equal(s.etaMs, 2100 * 3);
  });

  test("renders the numbers as one line", () => {
    assert.equal(
      renderProgress(play(SCRIPT.length).snapshot(T0 + 2100)),
      "[#####---------------]  1/4 tasks  1 running  1 retry  2 providers  cost 0.005  ETA 6s",
    );
    assert.equal(
      renderProgress(play(7).snapshot(T0 + 400)),
      "[--------------------]  0/4 tasks  2 running  0 retries  2 providers  cost 0  ETA --",
    );
    const state = play(SCRIPT.length);
    for (const id of ["2", "3", "4"])
      state.update({ type: "TaskAccepted", taskId: id, result: null }, T0 + 65_000);
    assert.match(renderProgress(state.snapshot(T0 + 65_000)), /^\[#{20}\] {2}4\/4 tasks .* done in 1m05s$/);
    assert.equal(formatDuration(3_725_000), "1h02m");
  });

  test("draws on a TTY around the wrapped consumer's output, and stays quiet otherwise", () => {
    let tty = "";
    let clock = T0;
    const seen: string[] = [];
    const bar = new ProgressBar({
      total: 4,
      stream: { isTTY: true, columns: 200, write: (t: string) => (tty += t) },
      wrapped: (e) => {
        seen.push(e.type);
        tty += `<${e.type}>\n`;
      },
      now: () => clock,
    });
    for (const [dt, event] of SCRIPT.slice(0, 8)) {
      clock = T0 + dt;
      bar.log(event);
    }
    bar.finish();
    assert.equal(seen.length, 8);
    // Each wrapped line comes after the bar's line was cleared, never glued to it.
    assert.ok(!/tasks[^\n\r]*</.test(tty), tty);
    assert.ok(tty.endsWith(`\r\x1b[K${bar.line()}\n`), tty);
    assert.match(bar.line(), /1\/4 tasks {2}1 running/);
    assert.ok(tty.includes("\r\x1b[K<TaskAccepted>"), tty);

    for (const options of [
      { quiet: true, isTTY: true },
      { quiet: false, isTTY: false },
    ]) {
      let out = "";
      const quiet = new ProgressBar({
        total: 4,
        quiet: options.quiet,
        stream: { isTTY: options.isTTY, write: (t: string) => (out += t) },
      });
      for (const [dt, event] of SCRIPT) quiet.log(event, T0 + dt);
      quiet.finish();
      assert.equal(out, "");
      assert.equal(quiet.state.snapshot(T0 + 2100).done, 1);
    }
  });

  test("refuses a total that is not a count", () => {
    assert.throws(() => new ProgressState(-1), /total must be a whole number >= 0 or null/);
  });
});
