/**
 * The inspector's local server: `node:http` plus `ws`, bound to 127.0.0.1 unless told
 * otherwise. It serves the viewer page and streams the protocol at `/ws`: a page gets
 * `hello`, the cached state, `synced`, then live messages. Publishing never waits for a
 * page (see relay-client.ts). Requests naming another host are refused (a DNS-rebinding
 * page cannot read the stream), and so are WebSockets opened from another origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { packageVersion } from "../cli/version.js";
import { type HelloMessage, type InspectMessage, PROTOCOL_VERSION } from "./protocol.js";
import { RelayClient } from "./relay-client.js";
import { StateCache, type StateCacheOptions } from "./state-cache.js";
import { serveStatic, viewerDir } from "./static-files.js";

export interface RelayOptions extends StateCacheOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  mode: "live" | "replay";
  /** The folder served at `/`. Default: the package's visualizations/viewer. */
  root?: string;
  /** Bytes buffered for a page before it drops messages. Default 4 MiB. */
  highWater?: number;
  /** Whether open connections keep the process alive. Default true. */
  keepAlive?: boolean;
  /** The state shared with whoever fed it before the relay started. Default: a new one. */
  cache?: StateCache;
  /** `hello.at`: when the inspected run started. Default: now (a replay passes the recorded one). */
  startedAt?: number;
  /** Called after each page connected and got the current state (a replay starts then). */
  onViewer?: () => void;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * A running relay.
 *
 * @example
 * const relay = await Relay.start({ mode: "live" });
 * console.log(relay.url); // http://127.0.0.1:40123/
 * relay.publish(message, JSON.stringify(message));
 * await relay.close();
 */
export class Relay {
  readonly url: string;
  readonly port: number;
  readonly cache: StateCache;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  readonly #clients = new Set<RelayClient>();
  readonly #sockets = new Set<Socket>();
  readonly #pages = new Map<string, string>();
  readonly #upgrades = new Map<string, (ws: WebSocket) => void>();
  readonly #opts: RelayOptions;
  readonly #hello: string;
  /** Messages left out for slow pages, over the relay's life (closed pages included). */
  droppedTotal = 0;
  readonly #root: string;
  #keepAlive: boolean;
  #closed = false;

  private constructor(server: Server, opts: RelayOptions) {
    this.#server = server;
    this.#opts = opts;
    this.#root = opts.root ?? viewerDir();
    this.#keepAlive = opts.keepAlive ?? true;
    this.cache = opts.cache ?? new StateCache(opts);
    const address = server.address() as AddressInfo;
    this.port = address.port;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${this.port}/`;
    const hello: HelloMessage = {
      t: "hello",
      v: PROTOCOL_VERSION,
      mode: opts.mode,
      at: opts.startedAt ?? Date.now(),
      sdk: packageVersion(),
    };
    this.#hello = JSON.stringify(hello);
    this.#upgrades.set("/ws", (ws) => this.#viewer(ws));
  }

  /** Starts listening; rejects when the port is taken or the host cannot be bound. */
  static async start(opts: RelayOptions): Promise<Relay> {
    const server = createServer();
    await new Promise<void>((done, fail) => {
      server.once("error", fail);
      server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
        server.off("error", fail);
        done();
      });
    });
    const relay = new Relay(server, opts);
    server.on("request", (req, res) => void relay.#request(req, res));
    server.on("upgrade", (req, socket, head) => relay.#upgrade(req, socket, head));
    server.on("connection", (socket) => relay.#track(socket));
    relay.keepAlive(relay.#keepAlive);
    return relay;
  }

  /** Pages connected now. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** Takes a message into the state and sends it to every page. */
  publish(message: InspectMessage, line: string): void {
    this.cache.add(message, line);
    for (const client of this.#clients) {
      const before = client.droppedTotal;
      client.send(line);
      this.droppedTotal += client.droppedTotal - before;
    }
  }

  /** Serves a fixed HTML page at `path` (the Stately bridge). */
  addPage(path: string, html: string): void {
    this.#pages.set(path, html);
  }

  /** Accepts WebSockets at `path` (the Stately adapter and its bridge page). */
  addSocket(path: string, onConnection: (ws: WebSocket) => void): void {
    this.#upgrades.set(path, onConnection);
  }

  /** Whether the server and its connections keep the process alive (`yatsapi run --inspect` holds it). */
  keepAlive(on: boolean): void {
    this.#keepAlive = on;
    if (on) this.#server.ref();
    else this.#server.unref();
    for (const socket of this.#sockets) on ? socket.ref() : socket.unref();
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
    const closed = new Promise<void>((done) => this.#server.close(() => done()));
    this.#server.closeAllConnections();
    await closed;
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    if (!this.#keepAlive) socket.unref();
    socket.on("close", () => this.#sockets.delete(socket));
  }

  /** The Host header names this server (not a rebinding domain). */
  #hostAllowed(req: IncomingMessage): boolean {
    const host = this.#opts.host ?? "127.0.0.1";
    if (!LOOPBACK.has(host)) return true;
    const header = req.headers.host ?? "";
    const name = header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : header.split(":")[0];
    return name !== undefined && LOOPBACK.has(name);
  }

  async #request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.#hostAllowed(req)) return plain(res, 403, "forbidden host\n");
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        return plain(res, 405, "only GET and HEAD\n");
      }
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const page = this.#pages.get(path);
      if (page !== undefined) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
        res.end(req.method === "HEAD" ? undefined : page);
        return;
      }
      if (!(await serveStatic(req, res, this.#root))) plain(res, 404, "not found\n");
    } catch {
      if (!res.headersSent) plain(res, 500, "error\n");
      else res.destroy();
    }
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const handler = this.#upgrades.get(path);
    const origin = req.headers.origin;
    const originOk = origin === undefined || this.#originAllowed(origin);
    if (handler === undefined || !this.#hostAllowed(req) || !originOk) {
      socket.end(`HTTP/1.1 ${handler === undefined ? "404 Not Found" : "403 Forbidden"}\r\n\r\n`);
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => handler(ws));
  }

  #originAllowed(origin: string): boolean {
    try {
      const url = new URL(origin);
      return (
        Number(url.port) === this.port && (LOOPBACK.has(url.hostname) || url.hostname === this.#opts.host)
      );
    } catch {
      return false;
    }
  }

  #viewer(ws: WebSocket): void {
    const client = new RelayClient(ws, {
      highWater: this.#opts.highWater ?? 4 << 20,
      lowWater: Math.floor((this.#opts.highWater ?? 4 << 20) / 4),
      syncLines: () => this.cache.lines(),
      now: Date.now,
    });
    this.#clients.add(client);
    const forget = () => this.#clients.delete(client);
    ws.on("close", forget);
    ws.on("error", forget);
    ws.send(this.#hello);
    client.sync();
    this.#opts.onViewer?.();
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
