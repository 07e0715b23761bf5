import { type PersistentEventOptions, persistentEvents } from "../http/event-feed.js";
import { asArray, asString } from "../http/guards.js";
import type { RestClient, RestRequest } from "../http/rest-client.js";
import { rfc3339 } from "../http/timestamps.js";
import { Agreement } from "./agreement.js";
import { Subscription } from "./subscription.js";
import type {
  AgreementListEntry,
  AgreementListFilter,
  AgreementOperationEvent,
  Demand,
  DemandOfferBase,
  Properties,
} from "./types.js";

/** Options of the agreement event feed. */
export type AgreementEventOptions = PersistentEventOptions;

/**
 * The market API (requestor side): publish demands, negotiate, make agreements, and follow
 * agreement events.
 *
 * @example
 * const market = new Market(core.client("market", config.marketUrl));
 * const sub = await market.subscribe({ "golem.srv.comp.expiration": Date.now() + 3_600_000 }, "(&)");
 */
export class Market {
  constructor(readonly client: RestClient) {}

  /**
   * Publishes a demand and subscribes to matching offers.
   *
   * @example
   * const sub = await market.subscribe(props, "(&(golem.runtime.name=vm))");
   */
  async subscribe(properties: Properties, constraints: string): Promise<Subscription> {
    const body: DemandOfferBase = { properties, constraints };
    const req: RestRequest = { method: "POST", path: "/demands", body, retry: ["timeout"] };
    const res = await this.client.request(req);
    return new Subscription(this.client, asString(res.body, this.client.site(req)));
  }

  /**
   * The demands this app key has published, as subscriptions carrying their details.
   *
   * @example
   * for (const sub of await market.subscriptions()) await sub.delete();
   */
  async subscriptions(): Promise<Subscription[]> {
    const req: RestRequest = { method: "GET", path: "/demands" };
    const res = await this.client.request(req);
    return asArray<Demand>(res.body, this.client.site(req)).map(
      (d) => new Subscription(this.client, d.demandId, d),
    );
  }

  /**
   * A handle on a subscription known by id (no call is made).
   *
   * @example
   * await market.subscription(savedId).delete();
   */
  subscription(id: string): Subscription {
    return new Subscription(this.client, id);
  }

  /**
   * A handle on an agreement known by id (no call is made).
   *
   * @example
   * const details = await market.agreement(agreementId).details();
   */
  agreement(id: string): Agreement {
    return new Agreement(this.client, id);
  }

  /**
   * Lists agreements, optionally filtered, in the daemon's `AgreementListEntry` shape.
   *
   * @example
   * const approved = await market.agreements({ state: "Approved" });
   */
  async agreements(filter: AgreementListFilter = {}): Promise<AgreementListEntry[]> {
    const req: RestRequest = {
      method: "GET",
      path: "/agreements",
      query: {
        state: filter.state,
        afterDate: filter.afterDate && rfc3339(filter.afterDate),
        beforeDate: filter.beforeDate && rfc3339(filter.beforeDate),
        appSessionId: filter.appSessionId,
      },
    };
    const res = await this.client.request(req);
    return asArray<AgreementListEntry>(res.body, this.client.site(req));
  }

  /**
   * Agreement events (approved, rejected, cancelled, terminated by either side), each once,
   * in order, paged by `afterTimestamp`. Runs until the signal aborts.
   *
   * @example
   * for await (const ev of market.agreementEvents({ signal })) {
   *   if (ev.eventType === "AgreementTerminatedEvent") console.log(ev.agreementId, ev.reason);
   * }
   */
  agreementEvents(opts: AgreementEventOptions = {}): AsyncGenerator<AgreementOperationEvent> {
    return persistentEvents<AgreementOperationEvent>(
      this.client,
      "/agreementEvents",
      { keyOf: (e) => `${e.eventType}/${e.agreementId}`, maxPageSize: 100, api: "market" },
      opts,
    );
  }
}
