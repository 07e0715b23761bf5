// The package root exports the public API: `import { Executor, Task, WorkContext,
// DemandBuilder, LeastExpensiveLinearPayuMS } from "yatsapi"` resolves to src/index.ts
// (through dist/ once built).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AsyncWrapper,
  BatchTimeoutError,
  CommandExecutionError,
  ComputationFailedError,
  DecreaseScoreForUnconfirmedAgreement,
  DemandBuilder,
  DummyMS,
  Executor,
  events,
  GftpStorage,
  LeastExpensiveLinearPayuMS,
  NoPaymentAccountError,
  props,
  SmartQueue,
  Steps,
  Task,
  WorkContext,
} from "../../src/index.js";

test("the package root exports the executor, tasks, demands, strategies, props, events and errors", () => {
  const classes = [
    Executor,
    Task,
    WorkContext,
    DemandBuilder,
    LeastExpensiveLinearPayuMS,
    DummyMS,
    DecreaseScoreForUnconfirmedAgreement,
    SmartQueue,
    AsyncWrapper,
    NoPaymentAccountError,
    CommandExecutionError,
    BatchTimeoutError,
    ComputationFailedError,
    GftpStorage,
    Steps,
  ];
  for (const c of classes) assert.equal(typeof c, "function");
  assert.equal(typeof props.ComLinear.fromProperties, "function");
  assert.equal(typeof events.createEvent, "function");
  const err = new NoPaymentAccountError("erc20", "holesky");
  assert.equal(err.message, "No payment account available for driver `erc20` and network `holesky`");
  assert.ok(new Task(1) instanceof Task);
});
