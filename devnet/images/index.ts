import type { DeployableImage, DevnetContext, DevnetModule, ImagesPort } from "../context.js";
import { HttpError } from "../http.js";
import { installBuiltins } from "./builtins.js";
import { fetchImage, isLoopbackHttp } from "./fetch-image.js";
import { readManifest } from "./manifest.js";
import { BUILD_HINT, registryRoutes } from "./routes.js";
import { ImageStore } from "./store.js";
import { parseTaskPackage } from "./task-package.js";

export { BUILTIN_IMAGES } from "./builtins.js";
export { ImageStore } from "./store.js";

/**
 * The devnet's image registry and image store. Images are folders with a SHA3-224
 * content hash, kept in the store shared with `yatsapi image build`
 * (`$YATSAPI_IMAGE_STORE`, default `~/.cache/yatsapi/images`), so images built before
 * or while the devnet runs are served. The built-in `golem/alpine:latest` and
 * `golem/node:latest` are written on start; they are thin, and commands such as
 * `/bin/sh` or `node` resolve on the host.
 *
 * @example
 * const images = createImageRegistry(ctx);
 * const { dir, env } = await images.resolve(`hash:sha3:${hash}:http://127.0.0.1:7465/v1/image/download?hash=${hash}`);
 */
export function createImageRegistry(
  ctx: DevnetContext,
  root = ImageStore.defaultRoot(),
): DevnetModule & ImagesPort {
  const store = new ImageStore(root);
  const stopping = new AbortController();
  const fetching = new Map<string, Promise<void>>();

  const installed = installBuiltins(store).then(
    (images) => {
      for (const i of images) ctx.log(`devnet: image ${i.tag} is ${i.hash}`);
    },
    (err: unknown) => {
      const message = `The devnet's image store ${root} is not usable: ${(err as Error).message} (set YATSAPI_IMAGE_STORE to a writable folder)`;
      ctx.log(`devnet: ${message}`);
      throw new HttpError(500, message);
    },
  );
  // Failures surface in every request that needs the store, not as an unhandled rejection.
  installed.catch(() => {});
  const ready = async (): Promise<ImageStore> => {
    await installed;
    return store;
  };

  async function download(hash: string, url: string): Promise<void> {
    let pending = fetching.get(hash);
    if (!pending) {
      pending = fetchImage(store, hash, url, stopping.signal).finally(() => fetching.delete(hash));
      fetching.set(hash, pending);
    }
    await pending;
  }

  return {
    routes: registryRoutes({ ready }),

    async resolve(taskPackage: string): Promise<DeployableImage> {
      await ready().catch((err: unknown) => {
        throw new Error((err as Error).message);
      });
      const { hash, url } = parseTaskPackage(taskPackage);
      if (!(await store.has(hash))) {
        if (!isLoopbackHttp(url))
          throw new Error(`Image ${hash} not found in the devnet's image store (${BUILD_HINT})`);
        try {
          await download(hash, url);
        } catch (err) {
          throw new Error(
            `Image ${hash} not found in the devnet's image store (${BUILD_HINT}), and ${(err as Error).message}`,
          );
        }
        ctx.log(`devnet: image ${hash} downloaded from ${url}`);
      }
      const dir = store.dirOf(hash);
      const { env } = await readManifest(dir);
      return { hash, dir, env };
    },

    stop() {
      stopping.abort();
    },
  };
}
