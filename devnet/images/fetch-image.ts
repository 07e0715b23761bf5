import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { hashImage } from "./listing.js";
import type { ImageStore } from "./store.js";
import { extractTar } from "./tar-read.js";

/** Downloads stop at this size: devnet images are small folders, not VM disks. */
const MAX_IMAGE_BYTES = 1024 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * True for http(s) URLs on this machine: the only place the devnet downloads images
 * from, since it runs offline (another devnet with another image store, say).
 *
 * @example
 * isLoopbackHttp("http://127.0.0.1:7466/v1/image/download?hash=ab"); // true
 * isLoopbackHttp("http://registry.golem.network/download/ab"); // false
 */
export function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      (u.protocol === "http:" || u.protocol === "https:") &&
      (LOOPBACK.has(u.hostname) || /^127\./.test(u.hostname))
    );
  } catch {
    return false;
  }
}

/**
 * Downloads an image tar from a loopback URL into the store, and keeps it only if its
 * content has the expected hash. Throws an Error saying what went wrong.
 *
 * @example
 * await fetchImage(store, hash, "http://127.0.0.1:7466/v1/image/download?hash=" + hash);
 */
export async function fetchImage(
  store: ImageStore,
  hash: string,
  url: string,
  stop?: AbortSignal,
): Promise<void> {
  const timeout = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  const signal = stop ? AbortSignal.any([stop, timeout]) : timeout;
  const res = await fetch(url, { signal }).catch((err: unknown) => {
    throw new Error(`cannot download ${url}: ${(err as Error).message}`);
  });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new Error(`cannot download ${url}: HTTP ${res.status}`);
  }
  const tmp = await store.tempDir();
  try {
    await extractTar(Readable.fromWeb(res.body as ReadableStream<Uint8Array>), tmp, {
      maxBytes: MAX_IMAGE_BYTES,
    });
    const got = await hashImage(tmp);
    if (got !== hash) throw new Error(`it holds image ${got}, not ${hash}`);
    await store.adopt(tmp);
  } catch (err) {
    throw new Error(`cannot use the image at ${url}: ${(err as Error).message}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
