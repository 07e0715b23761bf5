/**
 * The daemon's documented differences from the YAML specs that concern bodies services/
 * send or accept, each with the real shape (JSON Schema) and where the protocol report
 * documents it. Status-code differences (200 for 201/204) are handled generically.
 */

/** One documented difference, matched by method and concrete path. */
export interface Deviation {
  method: string;
  path: RegExp;
  note: string;
  /** The spec documents this operation under another method (the body schemas are reused). */
  specMethod?: string;
  request?: Record<string, unknown>;
  response?: Record<string, unknown>;
}

const timestamp = { type: "string", minLength: 1 };
const output = {
  anyOf: [
    { type: "string" },
    { type: "array", items: { type: "integer", minimum: 0, maximum: 255 } },
    { type: "null" },
  ],
};
const reason = { type: "object", required: ["message"], properties: { message: { type: "string" } } };

const debitNote = {
  type: "object",
  required: [
    "debitNoteId",
    "issuerId",
    "recipientId",
    "payeeAddr",
    "payerAddr",
    "paymentPlatform",
    "timestamp",
    "agreementId",
    "activityId",
    "totalAmountDue",
    "status",
  ],
  properties: {
    debitNoteId: { type: "string" },
    previousDebitNoteId: { type: "string" },
    timestamp,
    totalAmountDue: { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?$" },
    usageCounterVector: { type: "array", items: { type: "number" } },
    paymentDueDate: timestamp,
    status: { enum: ["ISSUED", "RECEIVED", "ACCEPTED", "REJECTED", "FAILED", "SETTLED", "CANCELLED"] },
  },
};

export const DEVIATIONS: Deviation[] = [
  {
    method: "GET",
    path: /^\/market-api\/v1\/agreements\/[^/]+\/terminate\/reason$/,
    specMethod: "POST",
    note: "getTerminateAgreementReason is GET in the daemon, POST in the spec (yagna-protocol.md §8.2)",
    response: {
      type: "object",
      required: ["agreementId", "terminator"],
      properties: {
        eventDate: timestamp,
        agreementId: { type: "string" },
        terminator: { enum: ["Requestor", "Provider"] },
        signature: { type: "string" },
        reason,
      },
    },
  },
  {
    method: "GET",
    path: /^\/market-api\/v1\/agreements$/,
    note: "AgreementListEntry is {id, timestamp, approvedDate|null, role}; the spec requires creationTs/approveTs (§8.15)",
    response: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "role"],
        properties: {
          id: { type: "string" },
          timestamp,
          approvedDate: { anyOf: [timestamp, { type: "null" }] },
          role: { enum: ["Requestor", "Provider"] },
        },
      },
    },
  },
  {
    method: "GET",
    path: /^\/activity-api\/v1\/activity\/[^/]+\/exec\/[^/]+$/,
    note: "ExeScriptCommandResult always has stdout/stderr/message, null when empty; binary output is a byte array (§8.7)",
    response: {
      type: "array",
      items: {
        type: "object",
        required: ["index", "eventDate", "result", "stdout", "stderr", "message"],
        properties: {
          index: { type: "integer", minimum: 0 },
          eventDate: timestamp,
          result: { enum: ["Ok", "Error"] },
          stdout: output,
          stderr: output,
          message: { type: ["string", "null"] },
          isBatchFinished: { type: "boolean" },
        },
      },
    },
  },
  {
    method: "GET",
    path: /^\/payment-api\/v1\/debitNotes\/[^/]+$/,
    note: "DebitNote.usageCounterVector is an array of numbers; the spec declares an object (§4.5)",
    response: debitNote,
  },
  {
    method: "GET",
    path: /^\/payment-api\/v1\/debitNotes$/,
    note: "DebitNote.usageCounterVector is an array of numbers; the spec declares an object (§4.5)",
    response: { type: "array", items: debitNote },
  },
  {
    method: "GET",
    path: /^\/version\/get$/,
    note: "YagnaVersionResponse.pending is null when no update waits (the devnet writes it; not listed in yagna-protocol.md); the spec makes it an optional object",
    response: {
      type: "object",
      required: ["current"],
      properties: {
        current: {
          type: "object",
          required: ["version", "name", "seen", "releaseTs"],
          properties: { version: { type: "string" }, name: { type: "string" }, seen: { type: "boolean" } },
        },
        pending: { anyOf: [{ type: "null" }, { type: "object", required: ["version"] }] },
      },
    },
  },
];
