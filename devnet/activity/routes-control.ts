import type { AgreementView, DevnetContext } from "../context.js";
import { maybeHttpFault } from "../faults.js";
import { HttpError, json, type Route, timeoutMs } from "../http.js";
import { ACTIVITY_PREFIX, activityFor, exeUnitGone } from "./access.js";
import { ExeScriptError, parseExeScript } from "./exe-script.js";
import type { ActivityRegistry } from "./registry.js";

/** The create body: a bare agreement id (yapapi) or `{agreementId, requestorPubKey?}`. */
function createRequest(body: unknown): { agreementId: string; bare: boolean } {
  if (typeof body === "string") return { agreementId: body, bare: true };
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const { agreementId, requestorPubKey } = body as Record<string, unknown>;
    if (typeof agreementId === "string") {
      if (requestorPubKey !== undefined && requestorPubKey !== null) {
        if (typeof requestorPubKey !== "string" || !/^([0-9a-fA-F]{2})*$/.test(requestorPubKey)) {
          throw new HttpError(
            400,
            "Bad request: Invalid requestor pub key: requestorPubKey must be a hex string",
          );
        }
      }
      return { agreementId, bare: false };
    }
  }
  throw new HttpError(
    400,
    'Json deserialize error: expected a JSON string (the agreement id) or an object {"agreementId": "..."}',
  );
}

/**
 * One activity per agreement unless the offer allows several (`golem.srv.caps.multi-activity`,
 * falling back to the provider's configuration when the offer does not say).
 */
function allowsAnotherActivity(agreement: AgreementView, existing: number): boolean {
  if (existing === 0) return true;
  const declared = agreement.offerProperties["golem.srv.caps.multi-activity"];
  return declared === undefined ? agreement.provider.config.multiActivity : declared === true;
}

/**
 * `POST /activity`, `DELETE /activity/{id}`, `POST /activity/{id}/exec` and
 * `GET /activity?agreementId=` (yagna-protocol.md 3.1).
 *
 * @example
 * const routes = controlRoutes(ctx, registry);
 */
export function controlRoutes(ctx: DevnetContext, registry: ActivityRegistry): Route[] {
  return [
    {
      method: "POST",
      path: `${ACTIVITY_PREFIX}/activity`,
      handler: async (req) => {
        const { agreementId, bare } = createRequest(req.body);
        const timeout = timeoutMs(req.query, 5);
        const agreement = ctx.market.agreement(agreementId);
        if (!agreement) throw new HttpError(404, `Not found: Agreement [${agreementId}] not found.`);
        if (agreement.requestorId !== ctx.requestor.identity) {
          throw new HttpError(
            403,
            `Forbidden: ${ctx.requestor.identity} is not the requestor of agreement ${agreementId}`,
          );
        }
        if (agreement.state !== "Approved") {
          throw new HttpError(
            400,
            `Bad request: Agreement ${agreementId} is not Approved. Current state: ${agreement.state}`,
          );
        }
        if (!allowsAnotherActivity(agreement, registry.ofAgreement(agreementId).length)) {
          throw new HttpError(
            400,
            `Bad request: Agreement ${agreementId} allows a single activity (golem.srv.caps.multi-activity is not set) and it already had one`,
          );
        }
        const record = await registry.create(agreement, timeout);
        return json(200, bare ? record.id : { activityId: record.id });
      },
    },
    {
      method: "GET",
      path: `${ACTIVITY_PREFIX}/activity`,
      handler: (req) => {
        const agreementId = req.query.get("agreementId");
        const records = agreementId === null ? registry.all() : registry.ofAgreement(agreementId);
        return json(
          200,
          records.map((r) => r.id),
        );
      },
    },
    {
      method: "DELETE",
      path: `${ACTIVITY_PREFIX}/activity/:activityId`,
      handler: async (req) => {
        timeoutMs(req.query, 5);
        const record = activityFor(ctx, registry, req.params.activityId!);
        await registry.end(record, {});
        return json(200, null);
      },
    },
    {
      method: "POST",
      path: `${ACTIVITY_PREFIX}/activity/:activityId/exec`,
      handler: (req) => {
        timeoutMs(req.query, 5);
        const record = activityFor(ctx, registry, req.params.activityId!);
        const body = req.body;
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          throw new HttpError(
            400,
            'Json deserialize error: expected an object {"text": "<JSON array of commands>"}',
          );
        }
        const text = (body as Record<string, unknown>).text;
        if (text === undefined) throw new HttpError(400, "Json deserialize error: missing field `text`");
        if (typeof text !== "string")
          throw new HttpError(400, "Json deserialize error: `text` must be a string holding a JSON array");
        let commands: ReturnType<typeof parseExeScript>;
        try {
          commands = parseExeScript(text);
        } catch (err) {
          if (err instanceof ExeScriptError) throw new HttpError(400, `Bad request: ${err.message}`);
          throw err;
        }
        maybeHttpFault(record.provider);
        if (!registry.isLive(record)) throw exeUnitGone(record);
        const batchId = ctx.ids.simple();
        record.unit.exec(batchId, commands);
        return json(200, batchId);
      },
    },
  ];
}
