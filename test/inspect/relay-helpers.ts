/**
 * Helpers of the relay tests: a viewer folder in a temp dir, raw GETs (fetch would
 * normalise `..` away), and a WebSocket page that collects protocol messages.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import type { InspectMessage } from "../../src/inspect/protocol.js";

/** A temp folder holding `viewer/index.html`, `viewer/app.js` and, beside it, `secret.txt`. */
export function viewerFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "yatsapi-viewer-"));
  mkdirSync(join(dir, "viewer"));
  writeFileSync(join(dir, "viewer", "index.html"), "<!doctype html><title>viewer</title>");
  writeFileSync(join(dir, "viewer", "app.js"), "console.log('viewer');");
  writeFileSync(join(dir, "secret.txt"), "not for the page");
  return join(dir, "viewer");
}

/** A GET (or other method) with the path sent exactly as given. */
export function rawRequest(
  url: string,
  path: string,
  opts: { method?: string; host?: string } = {},
): Promise<{ status: number; type: string | undefined; body: string }> {
  const base = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: opts.method ?? "GET",
        headers: opts.host ? { host: opts.host } : {},
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** A page connected to a relay's `/ws`, collecting every message. */
export class Page {
  readonly ws: WebSocket;
  readonly messages: InspectMessage[] = [];
  readonly raw: string[] = [];
  readonly #waiters: { test: (m: InspectMessage) => boolean; resolve: () => void }[] = [];

  constructor(url: string, path = "ws", headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`${url.replace(/^http/, "ws")}${path}`, { headers });
    this.ws.on("message", (data) => {
      const text = String(data);
      this.raw.push(text);
      const message = JSON.parse(text) as InspectMessage;
      this.messages.push(message);
      for (const w of this.#waiters.filter((x) => x.test(message))) w.resolve();
    });
  }

  /** Resolves at the next message of type `t` (or at once if `seen` and one came already). */
  next(t: InspectMessage["t"], seen = true): Promise<void> {
    if (seen && this.messages.some((m) => m.t === t)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ test: (m) => m.t === t, resolve }));
  }

  close(): void {
    this.ws.close();
  }
}
