import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Decimal } from "decimal.js";
import { InvalidEventError } from "../../src/errors.js";
import {
  type ComputationEvent,
  createEvent,
  describeEvent,
  EVENT_CATALOGUE,
  EVENT_DESCRIBERS,
  EVENT_TYPES,
  type EventType,
  errorInfo,
  extractExcInfo,
  type FieldKind,
  newEvent,
} from "../../src/events/index.js";
import { NodeInfo } from "../../src/props/index.js";
import { offerRejection } from "../../src/strategy/index.js";

// yapapi 0.5's catalogue (inventory 1.8): description and fields in order, in camelCase.
const YAPAPI: Record<string, [string, string[]]> = {
  ComputationStarted: ["Computation started", ["expires"]],
  ComputationFinished: ["Computation finished", ["excInfo"]],
  SubscriptionCreated: ["Demand published on the market", ["subId"]],
  SubscriptionFailed: ["Demand publication failed", ["reason"]],
  CollectFailed: ["Failed to collect proposals for demand", ["subId", "reason"]],
  ProposalReceived: ["Proposal received from the market", ["propId", "providerId"]],
  ProposalRejected: ["Proposal rejected", ["propId", "reason", "rejection"]],
  ProposalResponded: ["Responded to a proposal", ["propId"]],
  ProposalConfirmed: ["Proposal confirmed by provider", ["propId"]],
  ProposalFailed: ["Failed to respond to proposal", ["propId", "excInfo"]],
  NoProposalsConfirmed: ["No proposals confirmed by providers", ["numOffers", "timeout"]],
  AgreementCreated: ["Agreement proposal sent to provider", ["agrId", "providerId", "providerInfo"]],
  AgreementConfirmed: ["Agreement approved by provider", ["agrId"]],
  AgreementRejected: ["Agreement rejected by provider", ["agrId"]],
  AgreementTerminated: ["Agreement terminated", ["agrId", "reason"]],
  DebitNoteReceived: ["Debit note received", ["agrId", "noteId", "amount"]],
  PaymentAccepted: ["Payment accepted", ["agrId", "invId", "amount"]],
  PaymentPrepared: ["Payment prepared", ["agrId"]],
  PaymentQueued: ["Payment queued", ["agrId"]],
  PaymentFailed: ["Payment failed", ["agrId", "excInfo"]],
  InvoiceReceived: ["Invoice received", ["agrId", "invId", "amount"]],
  WorkerStarted: ["Worker started for agreement", ["agrId"]],
  ActivityCreated: ["Activity created on provider", ["agrId", "actId"]],
  ActivityCreateFailed: ["Failed to create activity", ["agrId", "excInfo"]],
  TaskStarted: ["Task started", ["taskId", "agrId", "taskData"]],
  WorkerFinished: ["Worker finished", ["agrId", "excInfo"]],
  ScriptSent: ["Script sent to provider", ["agrId", "taskId", "cmds"]],
  GettingResults: ["Getting script results", ["agrId", "taskId"]],
  ScriptFinished: ["Script finished", ["agrId", "taskId"]],
  CommandExecuted: [
    "Script command executed",
    ["agrId", "taskId", "cmdIdx", "command", "success", "message"],
  ],
  CommandStarted: ["Command started", ["agrId", "taskId", "cmdIdx", "command"]],
  CommandStdOut: ["Command stdout", ["agrId", "taskId", "cmdIdx", "output"]],
  CommandStdErr: ["Command stderr", ["agrId", "taskId", "cmdIdx", "output"]],
  TaskAccepted: ["Task accepted", ["taskId", "result"]],
  TaskRejected: ["Task rejected", ["taskId", "reason"]],
  DownloadStarted: ["Download started", ["path"]],
  DownloadFinished: ["Download finished", ["path"]],
  ShutdownFinished: ["Shutdown finished", ["excInfo"]],
};

const SAMPLE: Record<FieldKind, unknown> = {
  string: "s-1",
  "string?": "maybe",
  count: 2,
  ms: 1717000000000,
  flag: false,
  json: { frame: [1, 2] },
  object: { message: "Work cancelled", "golem.requestor.code": "Cancelled" },
  amount: "0.0123",
  error: new TypeError("boom"),
  rejection: offerRejection("price-cap", "too dear"),
};

function sample(type: EventType): ComputationEvent {
  const init: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(EVENT_CATALOGUE[type].fields))
    init[field] = SAMPLE[kind as FieldKind];
  return (newEvent[type] as (init: unknown) => ComputationEvent)(init);
}

describe("the event catalogue", () => {
  test("is yapapi 0.5's, type for type and field for field", () => {
    assert.deepEqual(
      Object.fromEntries(
        EVENT_TYPES.map((t) => [t, [EVENT_CATALOGUE[t].title, Object.keys(EVENT_CATALOGUE[t].fields)]]),
      ),
      YAPAPI,
    );
    assert.equal(EVENT_TYPES.length, 38);
  });

  test("every event type has a description function that tells its facts", () => {
    for (const type of EVENT_TYPES) {
      assert.equal(typeof EVENT_DESCRIBERS[type], "function", type);
      const text = describeEvent(sample(type));
      assert.ok(text.startsWith(EVENT_CATALOGUE[type].title), `${type}: ${text}`);
      assert.ok(!text.includes("undefined"), `${type}: ${text}`);
    }
    assert.equal(
      describeEvent(createEvent("TaskRejected", { taskId: "3", reason: "bad frame" })),
      "Task rejected (task 3): bad frame",
    );
    assert.equal(describeEvent(createEvent("ComputationFinished")), "Computation finished");
    assert.equal(
      describeEvent(createEvent("WorkerFinished", { agrId: "a1", excInfo: new Error("lost") })),
      "Worker finished with an error (agreement a1): Error: lost",
    );
  });

  test("events are deeply frozen and survive a JSON round trip", () => {
    for (const type of EVENT_TYPES) {
      const event = sample(type);
      assert.equal(event.type, type);
      assert.ok(Object.isFrozen(event));
      for (const value of Object.values(event))
        if (typeof value === "object" && value !== null) assert.ok(Object.isFrozen(value), type);
      assert.deepEqual(JSON.parse(JSON.stringify(event)), event, type);
      assert.throws(() => {
        (event as unknown as Record<string, unknown>).type = "Other";
      }, TypeError);
    }
  });
});

describe("createEvent", () => {
  test("fills defaults: null for optional values, success true", () => {
    assert.deepEqual(createEvent("ProposalRejected", { propId: "p" }), {
      type: "ProposalRejected",
      propId: "p",
      reason: null,
      rejection: null,
    });
    assert.deepEqual(createEvent("CommandExecuted", { agrId: "a", cmdIdx: 0, command: { deploy: {} } }), {
      type: "CommandExecuted",
      agrId: "a",
      taskId: null,
      cmdIdx: 0,
      command: { deploy: {} },
      success: true,
      message: null,
    });
    assert.deepEqual(createEvent("ShutdownFinished"), { type: "ShutdownFinished", excInfo: null });
    assert.deepEqual(createEvent("TaskAccepted", { taskId: "1" }), {
      type: "TaskAccepted",
      taskId: "1",
      result: null,
    });
  });

  test("copies free-form values instead of freezing the caller's", () => {
    const data = { frame: 1, when: new Date(0) };
    const event = createEvent("TaskStarted", { taskId: "1", agrId: "a", taskData: data });
    assert.equal(Object.isFrozen(data), false);
    data.frame = 2;
    assert.deepEqual(event.taskData, { frame: 1, when: "1970-01-01T00:00:00.000Z" });
    const info = createEvent("AgreementCreated", {
      agrId: "a",
      providerId: "0x1",
      providerInfo: new NodeInfo({ name: "leopard" }),
    });
    assert.deepEqual(info.providerInfo, { name: "leopard" });
  });

  test("amounts become decimal strings; errors become ErrorInfo", () => {
    assert.equal(
      createEvent("InvoiceReceived", { agrId: "a", invId: "i", amount: new Decimal("1e-18") }).amount,
      "0.000000000000000001",
    );
    assert.equal(createEvent("InvoiceReceived", { agrId: "a", invId: "i", amount: 0.5 }).amount, "0.5");
    assert.equal(
      createEvent("InvoiceReceived", { agrId: "a", invId: "i", amount: "13.14000" }).amount,
      "13.14000",
    );
    const failed = createEvent("PaymentFailed", {
      agrId: "a",
      excInfo: Object.assign(new Error("no allocation"), { code: "E1" }),
    });
    assert.equal(failed.excInfo?.name, "Error");
    assert.equal(failed.excInfo?.message, "no allocation");
    assert.equal(failed.excInfo?.code, "E1");
    assert.match(failed.excInfo?.stack ?? "", /no allocation/);
    assert.deepEqual(createEvent("ComputationFinished", { excInfo: "plain" }).excInfo, {
      name: "NonError",
      message: "plain",
      stack: null,
      code: null,
    });
    const info = errorInfo(new RangeError("r"));
    assert.equal(createEvent("ComputationFinished", { excInfo: info }).excInfo?.name, "RangeError");
  });

  test("wrong input is an InvalidEventError naming the field", () => {
    const bad = (fn: () => unknown, field: string | undefined) =>
      assert.throws(fn, (e: unknown) => e instanceof InvalidEventError && e.field === field);
    bad(() => createEvent("Nope" as EventType, {} as never), undefined);
    bad(() => createEvent("TaskAccepted", { taskId: 7 as unknown as string }), "taskId");
    bad(() => createEvent("TaskAccepted", { taskId: "1", extra: 1 } as never), "extra");
    bad(() => createEvent("SubscriptionCreated", {} as never), "subId");
    bad(() => createEvent("NoProposalsConfirmed", { numOffers: -1, timeout: 20_000 }), "numOffers");
    bad(() => createEvent("InvoiceReceived", { agrId: "a", invId: "i", amount: "lots" }), "amount");
    bad(() => createEvent("AgreementTerminated", { agrId: "a", reason: [1] as never }), "reason");
    bad(
      () => createEvent("ProposalRejected", { propId: "p", rejection: { kind: "nope" } as never }),
      "rejection",
    );
  });

  test("newEvent has a factory per type", () => {
    assert.deepEqual(Object.keys(newEvent), [...EVENT_TYPES]);
    assert.deepEqual(newEvent.WorkerStarted({ agrId: "a" }), createEvent("WorkerStarted", { agrId: "a" }));
  });
});

describe("extractExcInfo", () => {
  test("returns the error and a copy without it", () => {
    const event = createEvent("WorkerFinished", { agrId: "a", excInfo: new Error("lost") });
    const [error, rest] = extractExcInfo(event);
    assert.equal(error?.message, "lost");
    assert.deepEqual(rest, { type: "WorkerFinished", agrId: "a", excInfo: null });
    assert.ok(Object.isFrozen(rest));
    assert.equal(event.excInfo?.message, "lost", "the event itself is unchanged");
  });

  test("events without an error come back as they are", () => {
    const ok = createEvent("ComputationFinished");
    assert.deepEqual(extractExcInfo(ok), [null, ok]);
    assert.equal(extractExcInfo(ok)[1], ok);
    const plain = createEvent("PaymentQueued", { agrId: "a" });
    assert.equal(extractExcInfo(plain)[1], plain);
  });
});
