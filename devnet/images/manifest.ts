import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** What an image's optional `image.json` says. */
export interface ImageManifest {
  /** `name:version`, e.g. `golem/alpine:latest`. */
  tag?: string;
  /** Environment variables the image's commands get. */
  env: Record<string, string>;
}

/** The manifest's file name, at the image's root. */
export const MANIFEST_FILE = "image.json";

const COMPONENT = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
/** Registry tags: lowercase path components separated by `/`, then `:` and a version. */
const TAG = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`);

/**
 * Checks a tag and adds `:latest` when the version is left out, as registries do.
 * Returns an error message instead when the tag is malformed.
 *
 * @example
 * normaliseTag("golem/alpine"); // { tag: "golem/alpine:latest" }
 * normaliseTag("Golem/Alpine"); // { error: "..." }
 */
export function normaliseTag(raw: string): { tag: string } | { error: string } {
  const tag = raw.includes(":") ? raw : `${raw}:latest`;
  if (TAG.test(tag)) return { tag };
  return {
    error: `Invalid image tag '${raw}': expected name:version, e.g. golem/alpine:latest (lowercase letters, digits, '.', '_', '-' and '/' in the name)`,
  };
}

/**
 * Validates the parsed contents of an `image.json`, naming the field that is wrong.
 *
 * @example
 * parseManifest({ tag: "me/app:1", env: { MODE: "fast" } }); // { tag: "me/app:1", env: { MODE: "fast" } }
 */
export function parseManifest(value: unknown, where = MANIFEST_FILE): ImageManifest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected a JSON object like {"tag": "name:version", "env": {}}`);
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== "tag" && key !== "env")
      throw new Error(`${where}: unknown field '${key}' (allowed: tag, env)`);
  }
  const manifest: ImageManifest = { env: {} };
  if (fields.tag !== undefined) {
    if (typeof fields.tag !== "string")
      throw new Error(`${where}: 'tag' must be a string like "name:version"`);
    const checked = normaliseTag(fields.tag);
    if ("error" in checked) throw new Error(`${where}: ${checked.error}`);
    manifest.tag = checked.tag;
  }
  if (fields.env !== undefined) {
    if (typeof fields.env !== "object" || fields.env === null || Array.isArray(fields.env)) {
      throw new Error(`${where}: 'env' must be an object of strings`);
    }
    for (const [name, v] of Object.entries(fields.env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new Error(`${where}: env name '${name}' is not a valid variable name`);
      if (typeof v !== "string") throw new Error(`${where}: env.${name} must be a string`);
      manifest.env[name] = v;
    }
  }
  return manifest;
}

/**
 * Reads `image.json` from an image folder; an image without one has no tag and no env.
 *
 * @example
 * const { tag, env } = await readManifest("./my-image");
 */
export async function readManifest(dir: string): Promise<ImageManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { env: {} };
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${join(dir, MANIFEST_FILE)}: invalid JSON: ${(err as Error).message}`);
  }
  return parseManifest(parsed, join(dir, MANIFEST_FILE));
}
