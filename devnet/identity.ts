import type { DevnetContext, DevnetModule } from "./context.js";
import { json } from "./http.js";

/** The yagna version the devnet reports; golem-js requires at least 0.15.2. */
export const DAEMON_VERSION = "0.17.1";

/**
 * `GET /me` (the app key's identity) and `GET /version/get` (open, as in the daemon),
 * plus the devnet's own `/devnet-api/v1/stats` request counter for benchmarks.
 */
export function createIdentityApi(ctx: DevnetContext): DevnetModule {
  const started = ctx.clock.now();
  return {
    routes: [
      {
        method: "GET",
        path: "/me",
        handler: () =>
          json(200, { identity: ctx.requestor.identity, name: ctx.requestor.name, role: "manager" }),
      },
      {
        method: "GET",
        path: "/version/get",
        auth: false,
        handler: () =>
          json(200, {
            current: {
              version: DAEMON_VERSION,
              name: `v${DAEMON_VERSION} devnet`,
              seen: true,
              releaseTs: "2025-04-29T00:00:00",
              insertionTs: new Date(started).toISOString().slice(0, 19),
              updateTs: new Date(started).toISOString().slice(0, 19),
            },
            pending: null,
          }),
      },
      { method: "GET", path: "/devnet-api/v1/stats", handler: () => json(200, ctx.stats.toJSON()) },
      {
        method: "POST",
        path: "/devnet-api/v1/stats/reset",
        handler: () => {
          ctx.stats.reset();
          return json(200, null);
        },
      },
    ],
  };
}
