/**
 * What of an actor's context, events and output the inspector shows: per kind of actor a
 * whitelist of small fields (counts and short records, never task data or the full task
 * record, which may hold 100 000 entries), then `scrub` for secrets and size.
 */
import type { ActorKind, WireJson } from "./protocol.js";
import { REDACTED, SECRET_KEY, type Secrets, scrub } from "./redact.js";

type Fields = { [key: string]: WireJson };
type Source = Record<string, unknown>;

const CONTEXT_LIMITS = { depth: 5, items: 60, chars: 500 };

const KINDS: ReadonlySet<string> = new Set(["computation", "agreement", "activity", "task", "payment"]);

/**
 * The kind of actor a machine id names (`agreement`, ...); `other` for anything else,
 * including promise and callback actors (no machine id).
 *
 * @example
 * actorKind("payment"); // "payment"
 * actorKind(undefined); // "other"
 */
export function actorKind(machineId: string | undefined): ActorKind {
  return machineId !== undefined && KINDS.has(machineId) ? (machineId as ActorKind) : "other";
}

function isRecord(value: unknown): value is Source {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Copies the named fields that are present. */
function pick(from: Source, keys: readonly string[]): Source {
  const out: Source = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : isRecord(value) ? Object.keys(value).length : 0;
}

/** How many records of a small map are in each value of `field` (agreements per phase). */
function countBy(records: unknown, field: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(records)) return out;
  for (const record of Object.values(records)) {
    const key = isRecord(record) ? String(record[field] ?? "unknown") : "unknown";
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function computationFields(c: Source): Source {
  const workers: Source = {};
  if (isRecord(c.workers)) {
    for (const [id, w] of Object.entries(c.workers)) {
      if (!isRecord(w)) continue;
      workers[id] = {
        ...pick(w, ["providerName", "agreementId", "activityId", "phase", "batchId", "waiting"]),
        tasks: lengthOf(w.taskIds),
      };
    }
  }
  let paid = 0;
  let ended = 0;
  if (isRecord(c.payments)) {
    for (const p of Object.values(c.payments)) {
      if (isRecord(p) && p.outcome === "paid") paid++;
      if (isRecord(p) && p.ended === true) ended++;
    }
  }
  return {
    ...pick(c, [
      "budget",
      "spent",
      "driver",
      "network",
      "maxWorkers",
      "subnetTag",
      "started",
      "offersCollected",
      "proposalsConfirmed",
      "workerCount",
      "tasksRequested",
      "inputEnded",
      "tasksAccepted",
      "tasksFailed",
      "outcome",
      "error",
      "shutdownError",
    ]),
    // Lengths only: the queue and the task record grow with the input.
    queued: lengthOf(c.queue),
    drafts: lengthOf(c.drafts),
    allocations: lengthOf(c.allocations),
    agreements: countBy(c.agreements, "phase"),
    workers,
    payments: { count: lengthOf(c.payments), ended, paid },
  };
}

const AGREEMENT_FIELDS = [
  "proposalId",
  "providerId",
  "providerName",
  "multiActivity",
  "agreementId",
  "workerId",
  "stopRequested",
  "cancelledAs",
  "reason",
  "outcome",
  "timeouts",
];

function activityFields(c: Source): Source {
  const out = pick(c, [
    "agreementId",
    "activityId",
    "stopRequested",
    "failure",
    "reason",
    "outcome",
    "timeouts",
  ]);
  if (isRecord(c.batch)) {
    out.batch = {
      ...pick(c.batch, ["batchId", "stream", "timeoutMs"]),
      commands: lengthOf(c.batch.commands),
    };
  }
  return out;
}

function paymentFields(c: Source): Source {
  return {
    ...pick(c, [
      "agreementId",
      "allocationId",
      "budget",
      "debitNoteIntervalMs",
      "acceptedAmount",
      "acceptedByActivity",
      "agreementEnded",
      "invoice",
      "reason",
      "timeouts",
    ]),
    queued: lengthOf(c.queue),
  };
}

function taskFields(c: Source): Source {
  const out = pick(c, ["taskId", "maxRetries", "retries", "workerId", "reason"]);
  // A short scalar result helps; anything bigger is the user's data.
  if (isScalar(c.result)) out.result = c.result;
  else if (c.result !== undefined) out.result = "…";
  return out;
}

function isScalar(value: unknown): boolean {
  return (
    typeof value === "number" ||
    typeof value === "boolean" ||
    (typeof value === "string" && value.length <= 200)
  );
}

/** Top-level scalars only, for machines the inspector does not know. */
function scalarFields(c: Source): Source {
  const out: Source = {};
  for (const [key, value] of Object.entries(c).slice(0, 30)) if (isScalar(value)) out[key] = value;
  return out;
}

/**
 * The whitelisted, sanitised projection of an actor's context for its snapshot.
 *
 * @example
 * sanitizeContext("task", { taskId: "1", retries: 0, data: bigInput }, secrets); // { taskId: "1", retries: 0 }
 */
export function sanitizeContext(kind: ActorKind, context: unknown, secrets: Secrets): Fields | undefined {
  if (!isRecord(context)) return undefined;
  const projected =
    kind === "computation"
      ? computationFields(context)
      : kind === "agreement"
        ? pick(context, AGREEMENT_FIELDS)
        : kind === "activity"
          ? activityFields(context)
          : kind === "payment"
            ? paymentFields(context)
            : kind === "task"
              ? taskFields(context)
              : scalarFields(context);
  // Whitelisted already: room for every field and a worker per activity.
  return scrub(projected, secrets, CONTEXT_LIMITS) as Fields;
}

/**
 * A few fields of an event for the log: scalars (ids, flags, short texts) and the message
 * of a nested reason or error, at most 10; secrets redacted, credential-named keys dropped.
 * `undefined` when nothing is left.
 *
 * @example
 * eventData({ type: "agreement.terminate", reason: { message: "done" } }, secrets); // { reason: "done" }
 */
export function eventData(event: unknown, secrets: Secrets): Fields | undefined {
  if (!isRecord(event)) return undefined;
  const out: Fields = {};
  let kept = 0;
  for (const [key, value] of Object.entries(event)) {
    if (key === "type" || SECRET_KEY.test(key)) continue;
    let field: WireJson | undefined;
    if (isScalar(value))
      field = typeof value === "string" ? secrets.redact(value) : (value as number | boolean);
    else if (typeof value === "string")
      field = secrets.contains(value) ? REDACTED : `${value.slice(0, 200)}…`;
    else if (isRecord(value) && typeof value.message === "string")
      field = secrets.redact(value.message.slice(0, 200));
    if (field === undefined) continue;
    out[key] = field;
    if (++kept === 10) break;
  }
  return kept === 0 ? undefined : out;
}

/**
 * An actor's output or a failed actor's error, as the wire shows it.
 *
 * @example
 * sanitizeOutput({ outcome: "finished", spent: "0.1" }, secrets); // same, scrubbed
 */
export function sanitizeOutput(output: unknown, secrets: Secrets): WireJson {
  return scrub(output, secrets);
}

/**
 * The message of whatever an actor failed with.
 *
 * @example
 * errorMessage(new Error("boom"), secrets); // "boom"
 */
export function errorMessage(error: unknown, secrets: Secrets): string {
  if (error instanceof Error) return secrets.redact(error.message);
  if (isRecord(error) && typeof error.message === "string") return secrets.redact(error.message);
  return secrets.redact(String(error));
}
