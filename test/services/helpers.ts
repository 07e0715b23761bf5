/**
 * Test helpers for services/: a scripted local HTTP server, winston capture, and the
 * devnet-backed `YagnaApi` with schema checks of every exchange.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import winston from "winston";

/** One request the scripted server received. */
export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A node:http server on 127.0.0.1 answering with `handler`; counts requests and sockets. */
export interface ScriptedServer {
  url: string;
  hits: Hit[];
  connections: number;
  close(): Promise<void>;
}

/**
 * Starts a server whose `handler` gets each request with its body read.
 *
 * @example
 * const srv = await startScriptedServer((hit, res) => res.end("{}"));
 */
export async function startScriptedServer(
  handler: (hit: Hit, res: ServerResponse, req: IncomingMessage) => void,
): Promise<ScriptedServer> {
  const hits: Hit[] = [];
  const state = { connections: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hit = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      hits.push(hit);
      handler(hit, res, req);
    });
  });
  server.on("connection", () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes a JSON answer.
 *
 * @example
 * sendJson(res, 200, { identity: "0x1" });
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = "application/json",
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

/** A winston logger at debug level that keeps every entry. */
export function captureLogger(): { logger: winston.Logger; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _enc, next) {
      entries.push({ ...info });
      next();
    },
  });
  return {
    logger: winston.createLogger({ level: "debug", transports: [new winston.transports.Stream({ stream })] }),
    entries,
  };
}
