import { parseTimestamp } from "../clock.js";
import { empty, HttpError, json, type Route, timeoutMs } from "../http.js";
import type { AgreementFilter, Agreements } from "./agreements.js";
import type { AgreementState } from "./model.js";
import { parseAgreementId, readAgreementProposal, readReason } from "./requests.js";
import { MARKET_PREFIX, maxEventsParam } from "./routes-demands.js";
import type { MarketStore } from "./store.js";
import {
  agreementEventJson,
  agreementJson,
  agreementListEntryJson,
  type Iso,
  terminateReasonJson,
} from "./views.js";

const STATES: AgreementState[] = [
  "Proposal",
  "Pending",
  "Cancelled",
  "Rejected",
  "Approved",
  "Expired",
  "Terminated",
];
/** The daemon's default `afterTimestamp` for agreement events. */
const EPOCH = Date.parse("2016-11-11T15:12:00Z");

function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const ms = parseTimestamp(raw);
  if (ms === undefined) {
    throw new HttpError(
      400,
      `Query deserialize error: invalid ${name} '${raw}', expected an RFC 3339 date-time`,
    );
  }
  return ms;
}

function stateParam(query: URLSearchParams): AgreementState | undefined {
  const raw = query.get("state");
  if (raw === null) return undefined;
  if (!STATES.includes(raw as AgreementState)) {
    throw new HttpError(
      400,
      `Query deserialize error: unknown variant \`${raw}\`, expected one of ${STATES.map((s) => `\`${s}\``).join(", ")}`,
    );
  }
  return raw as AgreementState;
}

function optional(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

/**
 * The requestor's agreement endpoints and the agreement event stream
 * (yagna-protocol.md 2.1, 2.5, 2.6).
 *
 * @example
 * const routes = agreementRoutes(agreements, store, (ms) => ctx.clock.iso(ms));
 */
export function agreementRoutes(agreements: Agreements, store: MarketStore, iso: Iso): Route[] {
  const base = `${MARKET_PREFIX}/agreements`;
  const one = `${base}/:agreementId`;
  const id = (params: Record<string, string>, prefix?: string) =>
    parseAgreementId(params.agreementId!, prefix);
  return [
    {
      method: "POST",
      path: base,
      handler: (req) => {
        const { proposalId, validTo } = readAgreementProposal(req.body);
        return json(200, agreements.create(proposalId, validTo));
      },
    },
    {
      method: "GET",
      path: base,
      handler: (req) => {
        const filter: AgreementFilter = {};
        const state = stateParam(req.query);
        const afterDate = dateParam(req.query, "afterDate");
        const beforeDate = dateParam(req.query, "beforeDate");
        const appSessionId = optional(req.query, "appSessionId");
        if (state !== undefined) filter.state = state;
        if (afterDate !== undefined) filter.afterDate = afterDate;
        if (beforeDate !== undefined) filter.beforeDate = beforeDate;
        if (appSessionId !== undefined) filter.appSessionId = appSessionId;
        return json(
          200,
          agreements.list(filter).map((a) => agreementListEntryJson(a, iso)),
        );
      },
    },
    {
      method: "GET",
      path: one,
      handler: (req) => json(200, agreementJson(agreements.get(id(req.params)), iso)),
    },
    {
      method: "POST",
      path: `${one}/confirm`,
      handler: (req) => {
        agreements.confirm(id(req.params), optional(req.query, "appSessionId"));
        return empty(204);
      },
    },
    {
      method: "POST",
      path: `${one}/wait`,
      handler: async (req) => {
        const agreementId = id(req.params, "Invalid agreement id.");
        await agreements.wait(agreementId, timeoutMs(req.query, 5), req.signal);
        return empty(204);
      },
    },
    {
      method: "POST",
      path: `${one}/cancel`,
      handler: (req) => {
        const agreementId = id(req.params);
        agreements.cancel(agreementId, readReason(req.body));
        return empty(200);
      },
    },
    {
      method: "POST",
      path: `${one}/terminate`,
      handler: (req) => {
        const agreementId = id(req.params);
        agreements.terminate(agreementId, readReason(req.body));
        return empty(200);
      },
    },
    {
      method: "GET",
      path: `${one}/terminate/reason`,
      handler: (req) => {
        const a = agreements.get(id(req.params));
        if (!a.terminatedEvent) throw new HttpError(400, `Agreement [${a.agreementId}] not terminated yet.`);
        return json(200, terminateReasonJson(a.terminatedEvent, iso));
      },
    },
    {
      method: "GET",
      path: `${MARKET_PREFIX}/agreementEvents`,
      handler: async (req) => {
        const max = maxEventsParam(req.query);
        const after = dateParam(req.query, "afterTimestamp") ?? EPOCH;
        const session = optional(req.query, "appSessionId");
        const take = () => {
          const events = store.events.after(after, max, session);
          return events.length > 0 ? events : undefined;
        };
        const events = await store.events.changed.waitFor(take, {
          timeoutMs: timeoutMs(req.query, 5),
          signal: req.signal,
        });
        return json(
          200,
          (events ?? []).map((e) => agreementEventJson(e, iso)),
        );
      },
    },
  ];
}
