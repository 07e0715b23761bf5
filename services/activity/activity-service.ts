import { UnexpectedResponseError } from "../http/errors.js";
import type { CallSite } from "../http/guards.js";
import type { RestClient, RestRequest } from "../http/rest-client.js";
import { Activity } from "./activity.js";
import type { CreateActivityResult } from "./types.js";

/**
 * Creates activities under approved agreements.
 *
 * @example
 * const service = new ActivityService(core.client("activity", config.activityUrl));
 * const activity = await service.newActivity(agreementId);
 */
export class ActivityService {
  constructor(readonly client: RestClient) {}

  /**
   * Creates an activity and waits (up to `timeoutMs`) until its exe-unit is initialised.
   * Sends the new request form `{agreementId}` and accepts both answer forms (the daemon
   * echoes a bare id to the old form, an object to the new one).
   *
   * @example
   * const activity = await service.newActivity(agreement.id, { timeoutMs: 30_000 });
   */
  async newActivity(
    agreementId: string,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Activity> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const req: RestRequest = {
      method: "POST",
      path: "/activity",
      query: { timeout: timeoutMs / 1000 },
      body: { agreementId },
      longPollMs: timeoutMs,
      signal: opts.signal,
      // A repeated create could start a second exe-unit, so nothing is retried.
      retry: [],
    };
    const res = await this.client.request(req);
    return new Activity(this.client, activityIdOf(res.body, this.client.site(req)));
  }

  /**
   * A handle on an existing activity (no call is made).
   *
   * @example
   * await service.activity(savedId).destroy();
   */
  activity(id: string): Activity {
    return new Activity(this.client, id);
  }
}

function activityIdOf(body: unknown, site: CallSite): string {
  if (typeof body === "string" && body) return body;
  const id = (body as Partial<CreateActivityResult> | null)?.activityId;
  if (typeof id === "string" && id) return id;
  throw new UnexpectedResponseError(site.api, site.method, site.path, "an activity id or {activityId}", body);
}
