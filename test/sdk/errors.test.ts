import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AsyncWrapperClosedError,
  InvalidConstraintError,
  InvalidEventError,
  InvalidPropertiesError,
  NoPaymentAccountError,
  QueueStateError,
  TaskStateError,
} from "../../src/errors.js";

test("NoPaymentAccountError carries driver and network, with yapapi's message", () => {
  const e = new NoPaymentAccountError("erc20", "holesky");
  assert.equal(e.message, "No payment account available for driver `erc20` and network `holesky`");
  assert.equal(e.requiredDriver, "erc20");
  assert.equal(e.requiredNetwork, "holesky");
  assert.equal(e.name, "NoPaymentAccountError");
  assert.ok(e instanceof Error);
});

test("every error names itself and says what was wrong", () => {
  const cases: [Error, string, RegExp][] = [
    [
      new InvalidPropertiesError("Missing key: 'k'", "k"),
      "InvalidPropertiesError",
      /^Invalid properties: Missing key: 'k'$/,
    ],
    [new InvalidConstraintError("x=1"), "InvalidConstraintError", /"x=1".*parentheses/],
    [
      new TaskStateError("3", "WAITING", "Accepted"),
      "TaskStateError",
      /^Accepted task not running \(task 3 is WAITING\)$/,
    ],
    [new QueueStateError("done"), "QueueStateError", /^handle is not in progress \(it is done\)$/],
    [new AsyncWrapperClosedError(), "AsyncWrapperClosedError", /^AsyncWrapper is closed$/],
    [
      new InvalidEventError("TaskAccepted", "taskId", "expected a string"),
      "InvalidEventError",
      /TaskAccepted event, field taskId: expected a string/,
    ],
  ];
  for (const [error, name, message] of cases) {
    assert.equal(error.name, name);
    assert.match(error.message, message);
    assert.ok(String(error).startsWith(`${name}: `));
  }
});
