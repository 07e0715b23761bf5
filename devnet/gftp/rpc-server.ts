import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { DAEMON_VERSION } from "../identity.js";
import type { DevnetGftpClient } from "./client.js";
import {
  parseRpcLine,
  RPC_ERROR,
  RpcFailure,
  type RpcRequest,
  type RpcResponse,
  rpcError,
  rpcResult,
} from "./rpc.js";

/** A running `gftp server`. */
export interface GftpServer {
  /** Resolves once input ended or `shutdown` was called, and the session is closed. */
  finished: Promise<void>;
  /** Stops reading, unregisters this session's URLs and resolves `finished`. */
  shutdown(): Promise<void>;
}

const METHODS = ["version", "publish", "receive", "close", "download", "upload", "shutdown"];

function stringParam(req: RpcRequest, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string" || value === "") {
    throw new RpcFailure(
      RPC_ERROR.invalidParams,
      `Invalid params for ${req.method}: "${name}" must be a non-empty string`,
    );
  }
  return value;
}

function stringList(req: RpcRequest, name: string, what: string): string[] {
  const value = req.params[name];
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && v !== "")) {
    throw new RpcFailure(
      RPC_ERROR.invalidParams,
      `Invalid params for ${req.method}: "${name}" must be a non-empty array of ${what}`,
    );
  }
  return value as string[];
}

/**
 * gftp's JSON-RPC server over stdio, for the devnet: one JSON-RPC 2.0 request per input
 * line, one answer per output line (`\r\n`-terminated, as gftp prints them), in order.
 * Files are registered with the devnet over HTTP; relative paths are resolved against
 * this process's folder, since the devnet runs elsewhere. Every failure is a JSON-RPC
 * error answer; nothing is ever printed on the output but answers.
 *
 * @example
 * const server = startGftpServer({ input: process.stdin, output: process.stdout, devnet: client });
 * await server.finished;
 */
export function startGftpServer(opts: {
  input: Readable;
  output: Writable;
  devnet: DevnetGftpClient;
  cwd?: string;
}): GftpServer {
  const { input, output, devnet } = opts;
  const cwd = opts.cwd ?? process.cwd();
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let queue = Promise.resolve();
  let registered = false;
  let closing: Promise<void> | undefined;
  /** Set by `shutdown`: lines still queued are dropped, as the process is going away. */
  let refusing = false;
  let finish!: () => void;
  const finished = new Promise<void>((r) => {
    finish = r;
  });

  async function call(req: RpcRequest): Promise<unknown> {
    switch (req.method) {
      case "version":
        return DAEMON_VERSION;
      case "publish": {
        const files = stringList(req, "files", "file paths");
        const links: { file: string; url: string }[] = [];
        for (const file of files) {
          registered = true;
          const { url } = await devnet.call<{ url: string }>("publish", { path: resolve(cwd, file) });
          links.push({ file, url });
        }
        return links;
      }
      case "receive": {
        const file = stringParam(req, "output_file");
        registered = true;
        const { url } = await devnet.call<{ url: string }>("receive", { path: resolve(cwd, file) });
        return { file, url };
      }
      case "close": {
        const urls = stringList(req, "urls", "gftp URLs");
        const closed = await devnet.call<boolean[]>("close", { urls });
        return closed.map((ok) => (ok ? "ok" : "error"));
      }
      case "download": {
        const url = stringParam(req, "url");
        const file = stringParam(req, "output_file");
        await devnet.call("download", { url, path: resolve(cwd, file) });
        return { file, url };
      }
      case "upload": {
        const file = stringParam(req, "file");
        const url = stringParam(req, "url");
        await devnet.call("upload", { path: resolve(cwd, file), url });
        return { file, url };
      }
      case "shutdown":
        return "ok";
      default:
        throw new RpcFailure(
          RPC_ERROR.methodNotFound,
          `Method not found: '${req.method}' (gftp serves ${METHODS.join(", ")})`,
        );
    }
  }

  function send(res: RpcResponse): Promise<void> {
    return new Promise((done) => {
      if (output.destroyed) return done();
      output.write(`${JSON.stringify(res)}\r\n`, () => done());
    });
  }

  async function handle(line: string): Promise<void> {
    if (line.trim() === "" || refusing) return;
    const req = parseRpcLine(line);
    if ("jsonrpc" in req) return send(req);
    let res: RpcResponse;
    try {
      res = rpcResult(req.id, await call(req));
    } catch (err) {
      res = rpcError(req.id, err);
    }
    await send(res);
    if (req.method === "shutdown") void shutdown();
  }

  function shutdown(): Promise<void> {
    refusing = true;
    return close();
  }

  /** Ends the session once the queued requests are answered. */
  function close(): Promise<void> {
    if (!closing) {
      closing = (async () => {
        await queue;
        // gftp's URLs die with the process: the devnet forgets this session's files.
        if (registered) await devnet.call("close-session", {}, 2_000).catch(() => {});
        finish();
      })();
      lines.close();
    }
    return closing;
  }

  lines.on("line", (line) => {
    queue = queue.then(() => handle(line));
  });
  lines.on("close", () => void close());
  // A requestor that died leaves a broken pipe: stop instead of crashing on EPIPE.
  output.on("error", () => void shutdown());
  return { finished, shutdown };
}
