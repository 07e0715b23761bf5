import { parseTimestamp } from "../clock.js";
import type { Reason } from "../context.js";
import { HttpError } from "../http.js";
import { type Constraint, ConstraintSyntaxError, parseConstraint } from "./constraint-parser.js";
import { type FlatProperties, flattenProperties } from "./properties.js";

/**
 * Reading path parameters and bodies of the market API the way the daemon's extractors
 * do: malformed ids and bodies are a 400 whose message names what was wrong.
 */

const HEX = /^[0-9a-fA-F]*$/;

function pathError(message: string): HttpError {
  return new HttpError(400, `Path deserialize error: ${message}`);
}

function jsonError(message: string): HttpError {
  return new HttpError(400, `Json deserialize error: ${message}`);
}

/**
 * Checks a `<32 hex>-<64 hex>` subscription id from a path.
 *
 * @example
 * parseSubscriptionId(req.params.subscriptionId!);
 */
export function parseSubscriptionId(raw: string): string {
  const parts = raw.split("-");
  if (parts.length !== 2) throw pathError(`Subscription id [${raw}] has invalid format.`);
  if (!parts.every((p) => HEX.test(p)))
    throw pathError(`Subscription id [${raw}] contains non hexadecimal characters.`);
  if (parts[0]!.length !== 32 || parts[1]!.length !== 64) {
    throw pathError(`Subscription id [${raw}] has invalid length. Should be |32|-|64|`);
  }
  return raw;
}

/** Why a proposal id (`R-`/`P-` and 64 hex digits) is malformed, or undefined when it is fine. */
function proposalIdProblem(raw: string): string | undefined {
  const parts = raw.split("-");
  if (parts.length !== 2) return `Id [${raw}] has invalid format.`;
  if (parts[0] !== "R" && parts[0] !== "P") return `Id [${parts[0]}] has invalid owner type.`;
  if (!HEX.test(parts[1]!)) return `Id [${parts[1]}] contains non hexadecimal characters.`;
  if (parts[1]!.length !== 64) return `Id [${parts[1]}] hash has invalid length. Should be |64|`;
  return undefined;
}

/**
 * Checks a proposal id from a path.
 *
 * @example
 * parseProposalId(req.params.proposalId!); // "R-<64 hex>"
 */
export function parseProposalId(raw: string): string {
  const problem = proposalIdProblem(raw);
  if (problem) throw pathError(problem);
  return raw;
}

/**
 * Checks a 64-hex agreement id; `prefix` is the operation's wording of the error.
 *
 * @example
 * parseAgreementId(req.params.agreementId!, "Invalid Agreement id.");
 */
export function parseAgreementId(raw: string, prefix = "Invalid Agreement id."): string {
  if (!HEX.test(raw)) throw new HttpError(400, `${prefix} Id [${raw}] contains non hexadecimal characters.`);
  if (raw.length !== 64)
    throw new HttpError(400, `${prefix} Id [${raw}] hash has invalid length. Should be |64|`);
  return raw;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "sequence";
  if (typeof value === "object") return "map";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (body === undefined) throw jsonError("EOF while parsing a value at line 1 column 0");
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw jsonError(`invalid type: ${describe(body)}, expected a map`);
  }
  return body as Record<string, unknown>;
}

/** Deeper values are refused: serialising or matching them must not exhaust the stack. */
const MAX_VALUE_DEPTH = 64;

/** Whether a JSON value nests arrays or objects deeper than the limit (checked without recursion). */
function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= MAX_VALUE_DEPTH) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A subscribe or counter body: flat properties and the parsed constraints. */
export interface DemandBody {
  properties: FlatProperties;
  constraints: string;
  constraint: Constraint;
}

/**
 * Reads a `DemandOfferBase` body; nested properties are flattened (`@tag` rule).
 *
 * @example
 * const demand = readDemandBody(req.body);
 */
export function readDemandBody(body: unknown): DemandBody {
  const obj = requireObject(body);
  if (!("properties" in obj)) throw jsonError("missing field `properties`");
  if (!("constraints" in obj)) throw jsonError("missing field `constraints`");
  const { properties, constraints } = obj;
  if (typeof properties !== "object" || properties === null || Array.isArray(properties)) {
    throw jsonError(`invalid type: ${describe(properties)}, expected a map (field \`properties\`)`);
  }
  if (typeof constraints !== "string") {
    throw jsonError(`invalid type: ${describe(constraints)}, expected a string (field \`constraints\`)`);
  }
  const flat = flattenProperties(properties as Record<string, unknown>);
  for (const [key, value] of Object.entries(flat)) {
    if (tooDeep(value)) throw jsonError(`property '${key}' nests deeper than ${MAX_VALUE_DEPTH} levels`);
  }
  try {
    return {
      properties: flat,
      constraints,
      constraint: parseConstraint(constraints),
    };
  } catch (err) {
    if (err instanceof ConstraintSyntaxError) throw new HttpError(400, `Invalid constraint. ${err.message}`);
    throw err;
  }
}

/**
 * Reads an optional `Reason` body (reject, cancel, terminate): JSON null or no body
 * means none; otherwise `message` must be a string.
 *
 * @example
 * const reason = readReason(req.body); // undefined | { message, ... }
 */
export function readReason(body: unknown): Reason | undefined {
  if (body === undefined || body === null) return undefined;
  const obj = requireObject(body);
  if (!("message" in obj)) throw jsonError("missing field `message`");
  if (typeof obj.message !== "string") {
    throw jsonError(`invalid type: ${describe(obj.message)}, expected a string (field \`message\`)`);
  }
  if (tooDeep(obj)) throw jsonError(`the reason nests deeper than ${MAX_VALUE_DEPTH} levels`);
  return obj as Reason;
}

/**
 * Reads `{proposalId, validTo}` of createAgreement; validTo becomes milliseconds.
 *
 * @example
 * const { proposalId, validTo } = readAgreementProposal(req.body);
 */
export function readAgreementProposal(body: unknown): { proposalId: string; validTo: number } {
  const obj = requireObject(body);
  if (!("proposalId" in obj)) throw jsonError("missing field `proposalId`");
  if (!("validTo" in obj)) throw jsonError("missing field `validTo`");
  if (typeof obj.proposalId !== "string") {
    throw jsonError(`invalid type: ${describe(obj.proposalId)}, expected a string (field \`proposalId\`)`);
  }
  const validTo = typeof obj.validTo === "string" ? parseTimestamp(obj.validTo) : undefined;
  if (validTo === undefined) {
    throw jsonError(
      `invalid value: ${describe(obj.validTo)}, expected an RFC 3339 date-time (field \`validTo\`)`,
    );
  }
  const problem = proposalIdProblem(obj.proposalId);
  if (problem) throw new HttpError(400, `Invalid Agreement id. ${problem}`);
  return { proposalId: obj.proposalId, validTo };
}
