import type { ImageFile, ImageStore, StoredImage } from "./store.js";

function readme(tag: string, what: string): string {
  return [
    `${tag}: a built-in image of the yatsapi devnet.`,
    "",
    "It is a thin image: this README and image.json are all it holds. The devnet's",
    "simulated providers run commands on the host, in a sandbox folder per activity,",
    `so ${what} resolve on the host's PATH, not inside the image. Build your own`,
    "images from a folder with `npx yatsapi image build <dir> --tag name:version`.",
    "",
  ].join("\n");
}

function thinImage(tag: string, what: string): { tag: string; files: Record<string, ImageFile> } {
  return {
    tag,
    files: {
      "image.json": { content: `${JSON.stringify({ tag, env: {} }, null, 2)}\n` },
      "app/README": { content: readme(tag, what) },
    },
  };
}

/**
 * The images every devnet has without any network: `golem/alpine:latest` (the tag
 * golem-js asks for by default) and `golem/node:latest`. Their content is fixed, so
 * their hashes are the same on every machine.
 */
export const BUILTIN_IMAGES = [
  thinImage("golem/alpine:latest", "commands such as /bin/sh, echo and tr"),
  thinImage("golem/node:latest", "commands such as node and /bin/sh"),
];

/**
 * Writes the built-in images into the store, leaving alone a tag that already exists:
 * an image you built yourself under a built-in tag wins.
 *
 * @example
 * const images = await installBuiltins(new ImageStore(ImageStore.defaultRoot()));
 */
export async function installBuiltins(store: ImageStore): Promise<StoredImage[]> {
  const out: StoredImage[] = [];
  for (const image of BUILTIN_IMAGES) {
    const existing = await store.lookupTag(image.tag);
    if (existing !== undefined) out.push({ hash: existing, tag: image.tag, dir: store.dirOf(existing) });
    else out.push(await store.write(image.files, { tag: image.tag }));
  }
  return out;
}
