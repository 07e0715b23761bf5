import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RequestStats } from "./context.js";
import { type DevnetRequest, HttpError, type Route, writeError, writeReply } from "./http.js";

/** Largest request body accepted, as actix's JSON extractor (2 MiB). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((part) => {
      // A parameter inside a segment, as in yapapi's `/image.:hash.link`.
      const inner = /^([^:]+):(\w+)(.*)$/.exec(part);
      if (inner) {
        names.push(inner[2]!);
        return `${escapeRegExp(inner[1]!)}([^/]+)${escapeRegExp(inner[3]!)}`;
      }
      if (!part.startsWith(":")) return escapeRegExp(part);
      names.push(part.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the app key as the daemon's middleware does: Bearer header, else `?authToken=`. */
function authenticate(req: IncomingMessage, query: URLSearchParams, appKey: string): void {
  const header = req.headers.authorization;
  const key = header?.startsWith("Bearer ") ? header.slice(7).trim() : (query.get("authToken") ?? undefined);
  if (!key) throw new HttpError(401, "Missing application key", "text");
  if (!sameKey(key, appKey)) throw new HttpError(401, "Invalid application key", "text");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new HttpError(
            413,
            `JSON payload (${size} bytes) is larger than allowed (limit: ${MAX_BODY_BYTES} bytes).`,
          ),
        );
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new HttpError(400, `Json deserialize error: ${(err as Error).message}`);
  }
}

/**
 * The devnet's HTTP front: routing, the app-key check, body limits, error shapes, and
 * the per-route request counter. Anything a handler throws that is not an HttpError is
 * a devnet bug: it is logged and answered 500, and tests treat any 5xx on bad input as
 * a failure.
 *
 * @example
 * const server = createDevnetServer(routes, { appKey, stats, log: console.error });
 * server.listen(7465, "127.0.0.1");
 */
export function createDevnetServer(
  routes: Route[],
  opts: { appKey: string; stats: RequestStats; log: (line: string) => void },
): Server {
  const compiled = routes.map(compile);
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.log(`devnet: unexpected error: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) writeError(res, new HttpError(500, "Internal server error"));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://devnet");
    const method = req.method ?? "GET";
    let match: { c: CompiledRoute; values: string[] } | undefined;
    let pathMatched = false;
    for (const c of compiled) {
      const m = c.pattern.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method === method) {
        match = { c, values: m.slice(1) };
        break;
      }
    }
    try {
      if (!match) {
        req.resume();
        throw new HttpError(pathMatched ? 405 : 404, null);
      }
      const { route } = match.c;
      // The devnet's own endpoints (stats, gftp registration) are not yagna calls: not counted.
      if (!route.path.startsWith("/devnet-api/")) opts.stats.count(`${route.method} ${route.path}`);
      if (route.auth !== false) authenticate(req, url.searchParams, opts.appKey);
      const params: Record<string, string> = {};
      match.c.names.forEach((name, i) => {
        params[name] = decodeURIComponent(match!.values[i]!);
      });
      const body = parseJson(await readBody(req));
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      const request: DevnetRequest = {
        method,
        path: url.pathname,
        params,
        query: url.searchParams,
        headers: req.headers,
        body,
        signal: controller.signal,
      };
      if (route.stream) return await route.stream(request, res);
      const reply = await route.handler!(request);
      if (!res.destroyed) writeReply(res, reply);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (res.headersSent) return void res.destroy();
      if (err.status === 404 && err.body === null && !match) {
        res.writeHead(err.status, { "content-length": "0" });
        res.end();
        return;
      }
      writeError(res, err);
    }
  }

  return server;
}
