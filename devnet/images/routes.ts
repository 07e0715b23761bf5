import type { ServerResponse } from "node:http";
import { arch } from "node:os";
import { type DevnetRequest, HttpError, json, type Route } from "../http.js";
import { listImage } from "./listing.js";
import { normaliseTag, readManifest } from "./manifest.js";
import { IMAGE_HASH, type ImageStore } from "./store.js";
import { tarSize, writeTar } from "./tar-write.js";

/** What the registry routes need: the store, once the built-in images are in it. */
export interface RegistrySource {
  /** Resolves once the store is usable; rejects (HttpError) when it is not. */
  ready(): Promise<ImageStore>;
}

/** What a "not found" message tells the user to do. */
export const BUILD_HINT = 'build it with "npx yatsapi image build <dir>"';

/**
 * The devnet's own address as this client reached it, from the Host header: it is
 * right behind port 0 and when the devnet listens on 0.0.0.0, where the bound address
 * is not one a client can use.
 */
function baseUrl(req: DevnetRequest): string {
  const host = req.headers.host;
  if (!host || !/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) {
    throw new HttpError(400, "Missing or invalid Host header: the registry needs it to build download URLs");
  }
  return `http://${host}`;
}

/** The image a `?tag=` or `?hash=` query names, with the tag it is known by. */
async function findImage(
  store: ImageStore,
  query: URLSearchParams,
): Promise<{ hash: string; tag: string | null }> {
  const rawTag = query.get("tag");
  const rawHash = query.get("hash");
  if (rawTag) {
    const checked = normaliseTag(rawTag);
    if ("error" in checked) throw new HttpError(400, checked.error);
    const hash = await store.lookupTag(checked.tag);
    if (hash === undefined) {
      throw new HttpError(
        404,
        `Image ${checked.tag} not found in the devnet's image store (build it with "npx yatsapi image build <dir> --tag ${checked.tag}")`,
      );
    }
    return { hash, tag: checked.tag };
  }
  if (rawHash) {
    const hash = rawHash.toLowerCase();
    if (!IMAGE_HASH.test(hash))
      throw new HttpError(400, `Invalid image hash '${rawHash}': expected 56 hex digits (SHA3-224)`);
    if (!(await store.has(hash)))
      throw new HttpError(404, `Image ${hash} not found in the devnet's image store (${BUILD_HINT})`);
    return {
      hash,
      tag: (await readManifest(store.dirOf(hash)).catch(() => ({ tag: undefined }))).tag ?? null,
    };
  }
  throw new HttpError(400, "Missing query parameter: give tag=<name:version> or hash=<sha3-224 hex>");
}

/** The architecture name the registry uses for this machine. */
function imageArch(): string {
  const names: Record<string, string> = { x64: "x86_64", arm64: "aarch64" };
  return names[arch()] ?? arch();
}

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * The image registry's endpoints, open like the real registry's (`auth: false`):
 * `GET /v1/image/info` (what golem-js asks with `GOLEM_REGISTRY_URL` pointed here),
 * `GET /v1/image/download` (a tar of the image) and `GET /image.<hash>.link` (the
 * download URL as text, what yapapi's `repo()` fetches).
 *
 * @example
 * registryRoutes({ ready: async () => store });
 */
export function registryRoutes(source: RegistrySource): Route[] {
  return [
    {
      method: "GET",
      path: "/v1/image/info",
      auth: false,
      handler: async (req) => {
        const store = await source.ready();
        const { hash, tag } = await findImage(store, req.query);
        const link = `${baseUrl(req)}/v1/image/download?hash=${hash}`;
        const size = tarSize(await listImage(store.dirOf(hash)));
        // The devnet serves no TLS, so `https` repeats the http link: clients that set
        // golem-js's `useHttps` still get an image they can deploy.
        return json(200, { tag, sha3: hash, size, arch: imageArch(), http: link, https: link });
      },
    },
    {
      method: "GET",
      path: "/v1/image/download",
      auth: false,
      stream: async (req, res) => {
        const store = await source.ready();
        const { hash } = await findImage(store, req.query);
        const dir = store.dirOf(hash);
        const entries = await listImage(dir);
        res.writeHead(200, {
          "content-type": "application/x-tar",
          "content-length": String(tarSize(entries)),
          "content-disposition": `attachment; filename="${hash}.tar"`,
        });
        await writeTar(dir, entries, res);
        res.end();
      },
    },
    {
      method: "GET",
      path: "/image.:hash.link",
      auth: false,
      stream: async (req, res) => {
        const store = await source.ready();
        const query = new URLSearchParams({ hash: req.params.hash ?? "" });
        const { hash } = await findImage(store, query);
        sendText(res, `${baseUrl(req)}/v1/image/download?hash=${hash}`);
      },
    },
  ];
}
