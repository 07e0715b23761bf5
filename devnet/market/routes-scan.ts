import type { DevnetContext } from "../context.js";
import { empty, HttpError, intParam, json, type Reply, type Route, timeoutMs, writeReply } from "../http.js";
import { Notifier } from "../notifier.js";
import { evaluate } from "./constraint-eval.js";
import { type Constraint, ConstraintSyntaxError, parseConstraint } from "./constraint-parser.js";
import { type MarketOffer, offerConstraints } from "./offers.js";
import { MARKET_PREFIX } from "./routes-demands.js";
import type { MarketStore } from "./store.js";
import type { Iso } from "./views.js";

interface Scan {
  id: string;
  type: "offer" | "demand";
  constraint: Constraint | undefined;
  /** Offers not yet returned, in publication order (by peer for `peerId` reads). */
  pending: MarketOffer[];
  byPeer: Map<string, MarketOffer[]>;
  lifetimeMs: number;
  expiresAt: number;
}

function offerJson(o: MarketOffer, iso: Iso): Record<string, unknown> {
  return {
    properties: o.properties,
    constraints: offerConstraints(o.subnet, o.timestamp).text,
    offerId: o.offerId,
    providerId: o.provider.id,
    timestamp: iso(o.timestamp),
  };
}

/**
 * The scan API (yagna-protocol.md 2.8): iterate over published offers that satisfy a
 * constraint, each offer once, as JSON pages or as a Server-Sent Events stream.
 *
 * @example
 * const scan = scanRoutes(ctx, store, iso);
 * routes.push(...scan.routes);
 */
export function scanRoutes(
  ctx: DevnetContext,
  store: MarketStore,
  iso: Iso,
): { routes: Route[]; stop(): void } {
  const scans = new Map<string, Scan>();
  const idle = new Notifier();
  let next = 0;

  const find = (raw: string): Scan => {
    const scan = scans.get(raw);
    const now = ctx.clock.now();
    if (!scan || now > scan.expiresAt) {
      scans.delete(raw);
      throw new HttpError(404, `Iterator with id "${raw}" not found`);
    }
    scan.expiresAt = Math.max(scan.expiresAt, now + scan.lifetimeMs);
    return scan;
  };

  const take = (scan: Scan, max: number, peerId: string | null): MarketOffer[] => {
    let list = scan.pending;
    if (peerId !== null) {
      list = scan.byPeer.get(peerId) ?? scan.pending.filter((o) => o.provider.id === peerId);
      scan.byPeer.set(peerId, list);
    }
    return list.splice(0, max);
  };

  const collect = async (req: Parameters<NonNullable<Route["handler"]>>[0]): Promise<Reply> => {
    const scan = find(req.params.scanId!);
    const max = intParam(req.query, "maxEvents", { default: 500, min: 1 })!;
    const offers = take(scan, max, req.query.get("peerId"));
    if (offers.length === 0) {
      // Simulated providers publish once, at start: nothing new will come, so wait out the timeout.
      await idle.waitFor(() => undefined, { timeoutMs: timeoutMs(req.query, 5), signal: req.signal });
    }
    return json(
      200,
      offers.map((o) => offerJson(o, iso)),
    );
  };

  const routes: Route[] = [
    {
      method: "POST",
      path: `${MARKET_PREFIX}/scan`,
      handler: (req) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (typeof body !== "object" || Array.isArray(body))
          throw new HttpError(400, "Json deserialize error: expected a map");
        const type = body.type ?? "offer";
        if (type !== "offer" && type !== "demand") {
          throw new HttpError(
            400,
            `Json deserialize error: unknown variant \`${String(type)}\`, expected \`offer\` or \`demand\``,
          );
        }
        let constraint: Constraint | undefined;
        if (body.constraints !== undefined && body.constraints !== null) {
          if (typeof body.constraints !== "string")
            throw new HttpError(400, "Json deserialize error: constraints must be a string");
          try {
            constraint = parseConstraint(body.constraints);
          } catch (err) {
            if (err instanceof ConstraintSyntaxError)
              throw new HttpError(400, `Invalid constraint. ${err.message}`);
            throw err;
          }
        }
        const timeout = body.timeout ?? 300;
        if (typeof timeout !== "number" || !(timeout >= 0))
          throw new HttpError(400, "Json deserialize error: timeout must be a number of seconds");
        const id = String(next++);
        const pending =
          type === "demand"
            ? []
            : store.offers.filter((o) => !constraint || evaluate(constraint, o.properties) === "yes");
        const lifetimeMs = timeout * 1000;
        scans.set(id, {
          id,
          type,
          constraint,
          pending,
          byPeer: new Map(),
          lifetimeMs,
          expiresAt: ctx.clock.now() + lifetimeMs,
        });
        return json(201, id);
      },
    },
    {
      method: "GET",
      path: `${MARKET_PREFIX}/scan/:scanId/events`,
      stream: async (req, res) => {
        if (!String(req.headers.accept ?? "").includes("text/event-stream")) {
          writeReply(res, await collect(req));
          return;
        }
        const scan = find(req.params.scanId!);
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        for (const offer of take(scan, scan.pending.length, null)) {
          res.write(`event: offer\ndata: ${JSON.stringify(offerJson(offer, iso))}\n\n`);
        }
        // The daemon never ends this stream: it stays open until the client leaves.
        await new Promise<void>((resolve) => {
          if (req.signal.aborted) resolve();
          req.signal.addEventListener("abort", () => resolve(), { once: true });
        });
        res.end();
      },
    },
    {
      method: "DELETE",
      path: `${MARKET_PREFIX}/scan/:scanId`,
      handler: (req) => {
        find(req.params.scanId!);
        scans.delete(req.params.scanId!);
        return empty(204);
      },
    },
  ];
  return { routes, stop: () => scans.clear() };
}
