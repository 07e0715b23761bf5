/**
 * The viewer page's files, served by the relay: `visualizations/viewer/` of the installed
 * package (the same folder from source and from `dist/`), and elkjs's browser bundle as
 * `/vendor/elk.bundled.js`, so the page needs no CDN. GET and HEAD only, no path outside
 * the folder, 404 for anything unknown.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../cli/version.js";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The folder of the viewer page in the installed package.
 *
 * @example
 * viewerDir(); // "/home/me/yatsapi/visualizations/viewer"
 */
export function viewerDir(): string {
  const root = packageRoot();
  if (root === undefined)
    throw new Error("inspector: cannot find yatsapi's package folder (no package.json above it)");
  return join(root, "visualizations", "viewer");
}

/** elkjs's browser bundle, wherever npm installed it. */
function elkBundle(): string | undefined {
  try {
    return fileURLToPath(import.meta.resolve("elkjs/lib/elk.bundled.js"));
  } catch {
    return undefined;
  }
}

/**
 * The file a URL path names inside `root`, or undefined when it names nothing there:
 * `..` segments, encoded separators, NUL bytes and backslashes are refused outright.
 *
 * @example
 * fileFor("/app.js", "/srv/viewer"); // "/srv/viewer/app.js"
 * fileFor("/../secret", "/srv/viewer"); // undefined
 */
export function fileFor(urlPath: string, root: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path === "/" || path === "") path = "/index.html";
  if (!path.startsWith("/") || /[\0\\]/.test(path)) return undefined;
  const segments = path.split("/").slice(1);
  if (segments.some((s) => s === ".." || s === "." || (s === "" && segments.length > 1))) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : undefined;
}

/**
 * Answers a request for a static file; false when the path is not one (the caller 404s).
 *
 * @example
 * if (!(await serveStatic(req, res, viewerDir()))) notFound(res);
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string): Promise<boolean> {
  const urlPath = new URL(req.url ?? "/", "http://localhost").pathname;
  const file = urlPath === "/vendor/elk.bundled.js" ? elkBundle() : fileFor(urlPath, root);
  if (file === undefined) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": info.size,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return true;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file);
    stream.on("error", () => {
      res.destroy();
      done();
    });
    stream.on("end", done);
    stream.pipe(res);
  });
  return true;
}
