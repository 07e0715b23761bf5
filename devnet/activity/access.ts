import type { DevnetContext } from "../context.js";
import { HttpError } from "../http.js";
import type { ActivityRecord, ActivityRegistry } from "./registry.js";

/** Every activity route lives under this prefix. */
export const ACTIVITY_PREFIX = "/activity-api/v1";

/**
 * Finds an activity the caller may use: 404 when unknown, 403 when its agreement's
 * requestor is not the app key's identity.
 *
 * @example
 * const record = activityFor(ctx, registry, req.params.activityId!);
 */
export function activityFor(
  ctx: DevnetContext,
  registry: ActivityRegistry,
  activityId: string,
): ActivityRecord {
  const record = registry.get(activityId);
  if (!record) throw new HttpError(404, `Not found: activity_id = ${activityId}`);
  const requestorId = ctx.market.agreement(record.agreementId)?.requestorId;
  if (requestorId !== undefined && requestorId !== ctx.requestor.identity) {
    throw new HttpError(
      403,
      `Forbidden: ${ctx.requestor.identity} is not the requestor of activity ${activityId}`,
    );
  }
  return record;
}

/**
 * The 500 the daemon answers when it cannot reach an activity's exe-unit (destroyed,
 * crashed, killed with its agreement): a GSB error that SDKs recognise.
 *
 * @example
 * if (!registry.isLive(record)) throw exeUnitGone(record);
 */
export function exeUnitGone(record: ActivityRecord): HttpError {
  return new HttpError(
    500,
    `GSB error: GSB failure: Bad request: endpoint address not found: /net/${record.provider.id}/exeunit/${record.id}`,
  );
}
