import type { components as IdentitySchemas } from "./generated/identity-api.js";
import type { components as VersionSchemas } from "./generated/version-api.js";
import { asObject } from "./http/guards.js";
import type { RestClient, RestRequest } from "./http/rest-client.js";

/** `GET /me`: the node id behind the app key (used as the allocation address), its name and role. */
export type IdentityInfo = IdentitySchemas["schemas"]["Identity"];

/** One yagna release as `/version/get` describes it. */
export type VersionInfo = VersionSchemas["schemas"]["YagnaVersionInfo"];

/** `GET /version/get`. The daemon writes `pending: null` when no update waits (spec: omitted). */
export interface VersionResponse {
  current: VersionInfo;
  pending?: VersionInfo | null;
}

/**
 * The daemon's root endpoints: identity and version.
 *
 * @example
 * const identity = new IdentityApi(core.client("identity", config.url));
 * const { identity: nodeId } = await identity.me();
 */
export class IdentityApi {
  constructor(readonly client: RestClient) {}

  /**
   * The identity of the app key.
   *
   * @example
   * const me = await api.me(); // { identity: "0x...", name: "requestor", role: "manager" }
   */
  async me(): Promise<IdentityInfo> {
    const req: RestRequest = { method: "GET", path: "/me" };
    const res = await this.client.request(req);
    return asObject<IdentityInfo>(res.body, this.client.site(req), ["identity"]);
  }

  /**
   * The daemon's version (an open endpoint; the key is sent anyway and ignored).
   *
   * @example
   * const { current } = await api.version(); // current.version === "0.17.1"
   */
  async version(): Promise<VersionResponse> {
    const req: RestRequest = { method: "GET", path: "/version/get" };
    const res = await this.client.request(req);
    return asObject<VersionResponse>(res.body, this.client.site(req), ["current"]);
  }
}
