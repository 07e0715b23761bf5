/**
 * Helpers of the logging tests: a winston logger whose entries are captured by a custom
 * transport, a sample event of every type, and a feeder of timed event sequences.
 */
import { Writable } from "node:stream";
import winston from "winston";
import { EVENT_CATALOGUE, type FieldKind, newEvent } from "../../src/events/index.js";
import type { ComputationEvent, EventType } from "../../src/events/types.js";
import type { EventConsumer } from "../../src/log/index.js";
import { offerRejection } from "../../src/strategy/index.js";

/** One captured log entry. */
export interface Entry {
  level: string;
  message: string;
  logger: string | null;
  stack: string | null;
}

/**
 * A debug-level logger capturing every entry (level, message, logger name, stack).
 *
 * @example
 * const { logger, entries } = captureLogger();
 */
export function captureLogger(): { logger: winston.Logger; entries: Entry[] } {
  const entries: Entry[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _enc, next) {
      entries.push({
        level: String(info.level),
        message: String(info.message),
        logger: typeof info.logger === "string" ? info.logger : null,
        stack: typeof info.stack === "string" ? info.stack : null,
      });
      next();
    },
  });
  return {
    logger: winston.createLogger({ level: "debug", transports: [new winston.transports.Stream({ stream })] }),
    entries,
  };
}

/** `[level, message]` pairs, the form the summary tests compare. */
export function lines(entries: readonly Entry[]): [string, string][] {
  return entries.map((e) => [e.level, e.message]);
}

const REJECTION = offerRejection("price-cap", "too dear", {
  subject: "golem.usage.cpu_sec",
  value: "1",
  limit: "0.5",
});

const SAMPLE: Record<FieldKind, unknown> = {
  string: "s-1",
  "string?": "maybe",
  count: 2,
  ms: 1717000000000,
  flag: false,
  json: { frame: [1, 2], name: "x" },
  object: { message: "Work cancelled", "golem.requestor.code": "Cancelled" },
  amount: "0.0123",
  error: new TypeError("boom"),
  rejection: REJECTION,
};

/**
 * An event of `type` with a sample value in every field.
 *
 * @example
 * sampleEvent("TaskAccepted"); // { type: "TaskAccepted", taskId: "s-1", result: {...} }
 */
export function sampleEvent(type: EventType): ComputationEvent {
  const init: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(EVENT_CATALOGUE[type].fields))
    init[field] = SAMPLE[kind as FieldKind];
  return (newEvent[type] as (init: unknown) => ComputationEvent)(init);
}

/** A step of a scripted log: an event, at `T0 + ms`. */
export type Step = readonly [ms: number, event: ComputationEvent];

/** The start of every scripted computation (epoch ms). */
export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/**
 * Feeds timed events to a consumer, in order.
 *
 * @example
 * feed(summary.log, [[0, newEvent.ComputationStarted({ expires: T0 + 600_000 })]]);
 */
export function feed(consumer: EventConsumer, steps: readonly Step[]): void {
  for (const [ms, event] of steps) consumer(event, T0 + ms);
}

/**
 * A whole computation: offers (one rejected), two agreements, a task on each provider, a
 * failed worker, the end, payments and the shutdown.
 *
 * @example
 * feed(logSummary(), computationSteps());
 */
export function computationSteps(): Step[] {
  const e = newEvent;
  return [
    [0, e.ComputationStarted({ expires: T0 + 3 * 60_000 })],
    [5, e.SubscriptionCreated({ subId: "sub-1" })],
    [10, e.ProposalReceived({ propId: "p1", providerId: "0xa" })],
    [11, e.ProposalRejected({ propId: "p1", reason: "Score too low", rejection: REJECTION })],
    [12, e.ProposalReceived({ propId: "p2", providerId: "0xb" })],
    [13, e.ProposalResponded({ propId: "p2" })],
    [14, e.ProposalReceived({ propId: "p3", providerId: "0xb" })],
    [15, e.ProposalConfirmed({ propId: "p3" })],
    [
      20,
      e.AgreementCreated({
        agrId: "a1",
        providerId: "0xb",
        providerInfo: { name: "beta", subnetTag: "public" },
      }),
    ],
    [21, e.AgreementConfirmed({ agrId: "a1" })],
    [22, e.AgreementCreated({ agrId: "a2", providerId: "0xc", providerInfo: { name: "gamma" } })],
    [23, e.AgreementConfirmed({ agrId: "a2" })],
    [30, e.TaskStarted({ taskId: "1", agrId: "a1", taskData: { frame: 1 } })],
    [31, e.ScriptSent({ agrId: "a1", taskId: "1", cmds: [{ run: { entry_point: "/bin/sh" } }] })],
    [32, e.CommandExecuted({ agrId: "a1", taskId: "1", cmdIdx: 0, command: { run: {} }, message: "ok" })],
    [33, e.ScriptFinished({ agrId: "a1", taskId: "1" })],
    [34, e.TaskAccepted({ taskId: "1", result: { pixels: 4 } })],
    [35, e.DebitNoteReceived({ agrId: "a1", noteId: "dn-1", amount: "0.001" })],
    [40, e.TaskStarted({ taskId: "2", agrId: "a2", taskData: { frame: 2 } })],
    [41, e.ScriptSent({ agrId: "a2", taskId: "2", cmds: [] })],
    [42, e.WorkerFinished({ agrId: "a2", excInfo: new Error("the provider went away") })],
    [50, e.TaskStarted({ taskId: "2", agrId: "a1", taskData: { frame: 2 } })],
    [51, e.ScriptSent({ agrId: "a1", taskId: "2", cmds: [] })],
    [52, e.ScriptFinished({ agrId: "a1", taskId: "2" })],
    [53, e.TaskAccepted({ taskId: "2", result: { pixels: 4 } })],
    [4_321, e.ComputationFinished()],
    [
      4_400,
      e.AgreementTerminated({ agrId: "a1", reason: { message: "done", "golem.requestor.code": "Success" } }),
    ],
    [
      4_401,
      e.AgreementTerminated({ agrId: "a2", reason: { message: "x", "golem.requestor.code": "Cancelled" } }),
    ],
    [4_500, e.PaymentAccepted({ agrId: "a1", invId: "i1", amount: "0.0125" })],
    [4_501, e.PaymentAccepted({ agrId: "a2", invId: "i2", amount: "0.0005" })],
    [4_600, e.ShutdownFinished()],
  ];
}
