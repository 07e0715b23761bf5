import { type DevnetRequest, HttpError, json, type Reply, type Route } from "../http.js";
import { GftpError, type GftpFiles } from "./files.js";

/** The registration API's prefix; the `gftp server` process calls it with the app key. */
export const GFTP_API = "/devnet-api/v1/gftp";

function fields(req: DevnetRequest): Record<string, unknown> {
  const body = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new HttpError(400, "Expected a JSON object body");
  return body as Record<string, unknown>;
}

/** The gftp server process a call comes from; calls without one share a session. */
function session(body: Record<string, unknown>): string {
  if (body.session === undefined) return "http";
  if (typeof body.session !== "string" || body.session === "")
    throw new HttpError(400, "session must be a non-empty string");
  return body.session;
}

async function answer(work: () => unknown): Promise<Reply> {
  try {
    return json(200, await work());
  } catch (err) {
    if (err instanceof GftpError) throw new HttpError(err.kind === "unknown" ? 404 : 400, err.message);
    throw err;
  }
}

/**
 * `POST /devnet-api/v1/gftp/{publish,receive,close,download,upload,close-session}` and
 * `GET /devnet-api/v1/gftp`: how `yatsapi gftp server` registers files with the
 * devnet, and what is registered. All need the app key, like every devnet endpoint.
 *
 * @example
 * // POST /devnet-api/v1/gftp/publish {"path": "/tmp/in.txt", "session": "…"} -> {"file": "/tmp/in.txt", "url": "gftp://0x…/<sha3-256>"}
 * gftpRoutes(files);
 */
export function gftpRoutes(files: GftpFiles): Route[] {
  return [
    { method: "GET", path: GFTP_API, handler: () => json(200, files.list()) },
    {
      method: "POST",
      path: `${GFTP_API}/publish`,
      handler: (req) => answer(() => files.publish(fields(req).path, session(fields(req)))),
    },
    {
      method: "POST",
      path: `${GFTP_API}/receive`,
      handler: (req) => answer(() => files.receive(fields(req).path, session(fields(req)))),
    },
    {
      method: "POST",
      path: `${GFTP_API}/close`,
      handler: (req) => answer(() => files.close(fields(req).urls, session(fields(req)))),
    },
    {
      method: "POST",
      path: `${GFTP_API}/close-session`,
      handler: (req) => answer(() => ({ closed: files.closeSession(session(fields(req))) })),
    },
    {
      method: "POST",
      path: `${GFTP_API}/download`,
      handler: (req) => answer(() => files.download(fields(req).url, fields(req).path)),
    },
    {
      method: "POST",
      path: `${GFTP_API}/upload`,
      handler: (req) => answer(() => files.upload(fields(req).path, fields(req).url)),
    },
  ];
}
