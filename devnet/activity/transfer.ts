import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { GftpPort } from "../context.js";
import type { TransferCommand } from "./exe-script.js";
import type { Sandbox } from "./sandbox.js";

/**
 * A transfer that failed; the message becomes the command's error text.
 *
 * @example
 * throw new TransferError("GET http://127.0.0.1:8080/x answered HTTP 404");
 */
export class TransferError extends Error {}

/** What a transfer may touch. */
export interface TransferScope {
  sandbox: Sandbox;
  gftp: GftpPort;
  signal: AbortSignal;
}

/** The schemes simulated providers offer (`golem.activity.caps.transfer.protocol`). */
export const TRANSFER_SCHEMES = ["gftp", "http", "https"];

/**
 * Runs a `transfer` command: from `container:`, `http(s)://` or `gftp://` to any of
 * them. Container paths must stay inside the sandbox's mapped folders; archive
 * `format`s and `fileset`s are refused.
 *
 * @example
 * await runTransfer({ name: "transfer", from: "http://127.0.0.1:8080/in.txt", to: "container:/golem/input/in.txt", raw: {} }, scope);
 */
export async function runTransfer(cmd: TransferCommand, scope: TransferScope): Promise<void> {
  if (cmd.format !== undefined)
    throw new TransferError(`archive format '${cmd.format}' is not supported by the devnet's providers`);
  if (cmd.fileset !== undefined)
    throw new TransferError("filesets are not supported by the devnet's providers");
  const to = target(cmd.to);
  const source = await open(cmd.from, scope);
  try {
    await write(to, source, scope);
  } finally {
    source.destroy();
  }
}

type Target =
  | { scheme: "container"; path: string }
  | { scheme: "http"; url: string }
  | { scheme: "gftp"; url: string };

function target(url: string): Target {
  if (url.startsWith("container:")) return { scheme: "container", path: url.slice("container:".length) };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TransferError(`invalid URL '${url}'`);
  }
  if (parsed.protocol === "http:" || parsed.protocol === "https:") return { scheme: "http", url };
  if (parsed.protocol === "gftp:") return { scheme: "gftp", url };
  throw new TransferError(
    `unsupported scheme '${parsed.protocol.replace(/:$/, "")}' in '${url}' (supported: container, ${TRANSFER_SCHEMES.join(", ")})`,
  );
}

async function open(url: string, scope: TransferScope): Promise<Readable> {
  const from = target(url);
  if (from.scheme === "container") {
    const handle = await scope.sandbox.openForRead(from.path);
    return handle.createReadStream();
  }
  if (from.scheme === "gftp") {
    const local = scope.gftp.source(url);
    if (local === undefined) throw new TransferError(`nothing is published at ${url}`);
    return createReadStream(local);
  }
  const res = await fetch(url, { signal: scope.signal }).catch((err: unknown) => {
    throw new TransferError(`GET ${url} failed: ${describe(err)}`);
  });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new TransferError(`GET ${url} answered HTTP ${res.status}`);
  }
  return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
}

async function write(to: Target, source: Readable, scope: TransferScope): Promise<void> {
  if (to.scheme === "container") {
    const handle = await scope.sandbox.openForWrite(to.path);
    await pipeline(source, handle.createWriteStream(), { signal: scope.signal });
    return;
  }
  if (to.scheme === "gftp") {
    const local = scope.gftp.destination(to.url);
    if (local === undefined) throw new TransferError(`nobody awaits a file at ${to.url}`);
    await pipeline(source, createWriteStream(local), { signal: scope.signal });
    scope.gftp.received(to.url);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  const res = await fetch(to.url, { method: "PUT", body: Buffer.concat(chunks), signal: scope.signal }).catch(
    (err: unknown) => {
      throw new TransferError(`PUT ${to.url} failed: ${describe(err)}`);
    },
  );
  await res.body?.cancel();
  if (!res.ok) throw new TransferError(`PUT ${to.url} answered HTTP ${res.status}`);
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: Error };
  return e.cause?.message ? `${e.message} (${e.cause.message})` : e.message;
}
