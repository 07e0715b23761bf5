import type { DevnetContext } from "../context.js";
import { HttpError, json, type Route, timeoutMs } from "../http.js";
import { ACTIVITY_PREFIX, activityFor, exeUnitGone } from "./access.js";
import type { ActivityRegistry } from "./registry.js";

/**
 * The requestor's state queries: `state`, `usage`, `command` (the running commands)
 * and `agreement` of an activity (yagna-protocol.md 3.1, 3.7). State and usage of an
 * ended activity come from the stored final copy, as in the daemon.
 *
 * @example
 * const routes = stateRoutes(ctx, registry);
 */
export function stateRoutes(ctx: DevnetContext, registry: ActivityRegistry): Route[] {
  const path = (tail: string) => `${ACTIVITY_PREFIX}/activity/:activityId/${tail}`;
  return [
    {
      method: "GET",
      path: path("state"),
      handler: (req) => {
        timeoutMs(req.query, 5);
        return json(200, registry.state(activityFor(ctx, registry, req.params.activityId!)));
      },
    },
    {
      method: "GET",
      path: path("usage"),
      handler: (req) => {
        timeoutMs(req.query, 5);
        const record = activityFor(ctx, registry, req.params.activityId!);
        return json(200, {
          currentUsage: registry.usage(record),
          timestamp: Math.floor(ctx.clock.now() / 1000),
        });
      },
    },
    {
      method: "GET",
      path: path("command"),
      handler: (req) => {
        timeoutMs(req.query, 5);
        const record = activityFor(ctx, registry, req.params.activityId!);
        if (!registry.isLive(record)) throw exeUnitGone(record);
        const running = record.unit.running();
        if (running.length === 0)
          throw new HttpError(404, `Not found: No running command within activity: ${record.id}`);
        return json(200, running);
      },
    },
    {
      method: "GET",
      path: path("agreement"),
      handler: (req) => json(200, activityFor(ctx, registry, req.params.activityId!).agreementId),
    },
  ];
}
