import type { ActivityPort, DevnetContext, DevnetModule } from "../context.js";
import { chooseConfinement } from "./confinement.js";
import { ActivityRegistry } from "./registry.js";
import { controlRoutes } from "./routes-control.js";
import { resultsRoute } from "./routes-results.js";
import { stateRoutes } from "./routes-state.js";

/**
 * The activity API (`/activity-api/v1`) and the simulated exe-units behind it: real
 * processes in per-activity sandboxes, confined with bubblewrap when it is available
 * (`confinement: "none"` tells startup to warn that commands run as the current user).
 *
 * Activities die with their agreement: when it is terminated (by either side) every
 * live activity of it becomes Terminated, its processes are killed and its sandbox removed.
 *
 * @example
 * const activity = createActivityApi(ctx);
 * ctx.activity = activity;
 * if (activity.confinement === "none") console.warn("provider commands run unconfined");
 */
export function createActivityApi(
  ctx: DevnetContext,
): DevnetModule & ActivityPort & { confinement: "bwrap" | "none" } {
  const confinement = chooseConfinement(ctx.options.confine);
  const registry = new ActivityRegistry(ctx, confinement);

  const onAgreementTerminated = ({
    agreementId,
    terminator,
    reason,
  }: {
    agreementId: string;
    terminator: string;
    reason?: { message: string };
  }) => {
    for (const record of registry.ofAgreement(agreementId)) {
      if (!registry.isLive(record)) continue;
      const cause: { reason: string; errorMessage?: string } = {
        reason: `Agreement terminated by ${terminator}`,
      };
      if (reason?.message !== undefined) cause.errorMessage = reason.message;
      void registry.end(record, cause);
    }
  };
  ctx.bus.on("agreement.terminated", onAgreementTerminated);

  // Provider processes live in their own process groups; make sure none outlives the devnet.
  const killOnExit = () => {
    for (const record of registry.all()) record.unit.killNow();
  };
  process.on("exit", killOnExit);

  return {
    confinement: confinement.mode,
    routes: [...controlRoutes(ctx, registry), resultsRoute(ctx, registry), ...stateRoutes(ctx, registry)],
    usage(activityId) {
      const record = registry.get(activityId);
      return record && registry.usage(record);
    },
    activitiesOf(agreementId) {
      return registry.ofAgreement(agreementId).map((r) => r.id);
    },
    isLive(activityId) {
      const record = registry.get(activityId);
      return record !== undefined && registry.isLive(record);
    },
    async stop() {
      ctx.bus.off("agreement.terminated", onAgreementTerminated);
      process.off("exit", killOnExit);
      await registry.stopAll();
    },
  };
}
