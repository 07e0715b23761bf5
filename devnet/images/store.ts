import { randomBytes } from "node:crypto";
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { hashImage, listImage } from "./listing.js";
import { readManifest } from "./manifest.js";

/** A SHA3-224 image hash: 56 lowercase hex digits. */
export const IMAGE_HASH = /^[0-9a-f]{56}$/;

/** An image in the store. */
export interface StoredImage {
  hash: string;
  /** The tag the build gave it, if any. */
  tag?: string;
  /** Its folder in the store. */
  dir: string;
}

/** A file of an image made from memory (the built-in images). */
export interface ImageFile {
  content: string;
  mode?: number;
}

/**
 * A folder of images shared by `yatsapi image build` and every devnet on the machine:
 * `<root>/<hash>/` holds each image's files, `<root>/tags/<tag, URI-encoded>` the hash a
 * tag points to. Images are written to a temporary folder and renamed into place, and
 * tags are replaced by rename, so a devnet reading the store never sees half an image
 * and two builds at once do not corrupt it.
 *
 * @example
 * const store = new ImageStore(ImageStore.defaultRoot());
 * const { hash } = await store.build("./my-image", { tag: "me/app:1" });
 */
export class ImageStore {
  constructor(readonly root: string) {}

  /**
   * `$YATSAPI_IMAGE_STORE`, else `$XDG_CACHE_HOME/yatsapi/images`, else `~/.cache/yatsapi/images`.
   *
   * @example
   * ImageStore.defaultRoot({ YATSAPI_IMAGE_STORE: "/tmp/images" }); // "/tmp/images"
   */
  static defaultRoot(env: NodeJS.ProcessEnv = process.env): string {
    if (env.YATSAPI_IMAGE_STORE) return env.YATSAPI_IMAGE_STORE;
    return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "yatsapi", "images");
  }

  /** The folder an image with this hash has (or would have) in the store. */
  dirOf(hash: string): string {
    return join(this.root, hash);
  }

  /** True when the store holds an image with this hash. */
  async has(hash: string): Promise<boolean> {
    if (!IMAGE_HASH.test(hash)) return false;
    try {
      return (await stat(this.dirOf(hash))).isDirectory();
    } catch {
      return false;
    }
  }

  /** Copies a folder into the store; `tag` overrides the tag of its `image.json`. */
  async build(source: string, opts: { tag?: string } = {}): Promise<StoredImage> {
    const entries = await listImage(source);
    const tmp = await this.tempDir();
    try {
      for (const e of entries) {
        const to = join(tmp, e.path);
        if (e.kind === "dir") await mkdir(to, { mode: 0o755 });
        else if (e.kind === "symlink") await symlink(e.target!, to);
        else {
          await copyFile(join(source, e.path), to);
          await chmod(to, e.mode);
        }
      }
      return await this.adopt(tmp, { tag: opts.tag, manifestTag: true });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** Stores an image given as files in memory, keyed by relative path. */
  async write(files: Record<string, ImageFile>, opts: { tag?: string } = {}): Promise<StoredImage> {
    const tmp = await this.tempDir();
    try {
      for (const [path, file] of Object.entries(files)) {
        const to = join(tmp, path);
        await mkdir(dirname(to), { recursive: true, mode: 0o755 });
        await writeFile(to, file.content);
        await chmod(to, file.mode ?? 0o644);
      }
      return await this.adopt(tmp, { tag: opts.tag, manifestTag: true });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /**
   * Moves a complete image folder (inside the store) to its hash, and tags it with
   * `opts.tag`, else (if `manifestTag`) with the tag of its `image.json`. The folder is
   * hashed after the copy, so the hash describes exactly what is stored.
   */
  async adopt(tmp: string, opts: { tag?: string; manifestTag?: boolean } = {}): Promise<StoredImage> {
    const hash = await hashImage(tmp);
    const manifest = await readManifest(tmp);
    const tag = opts.tag ?? (opts.manifestTag ? manifest.tag : undefined);
    const dir = this.dirOf(hash);
    if (!(await this.has(hash))) {
      try {
        await rename(tmp, dir);
      } catch (err) {
        // Another build stored the same image first: same hash, same content.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw err;
      }
    }
    if (tag !== undefined) await this.setTag(tag, hash);
    return tag === undefined ? { hash, dir } : { hash, tag, dir };
  }

  /** Points a tag at a stored image. */
  async setTag(tag: string, hash: string): Promise<void> {
    const dir = join(this.root, "tags");
    await mkdir(dir, { recursive: true });
    const file = join(dir, encodeURIComponent(tag));
    const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, `${hash}\n`);
    await rename(tmp, file);
  }

  /** The hash a tag points to, if the tag exists and its image is still stored. */
  async lookupTag(tag: string): Promise<string | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.root, "tags", encodeURIComponent(tag)), "utf8");
    } catch {
      return undefined;
    }
    const hash = text.trim();
    return (await this.has(hash)) ? hash : undefined;
  }

  /** Every tag and the image it points to, sorted by tag. */
  async tags(): Promise<{ tag: string; hash: string }[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, "tags"));
    } catch {
      return [];
    }
    const out: { tag: string; hash: string }[] = [];
    for (const name of names.filter((n) => !n.endsWith(".tmp")).sort()) {
      const tag = decodeURIComponent(name);
      const hash = await this.lookupTag(tag);
      if (hash !== undefined) out.push({ tag, hash });
    }
    return out;
  }

  /** A fresh folder inside the store, on the same file system as the images, for an atomic rename. */
  async tempDir(): Promise<string> {
    await mkdir(this.root, { recursive: true });
    return mkdtemp(join(this.root, ".build-"));
  }
}
