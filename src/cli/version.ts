import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * yatsapi's package folder (the one with its package.json): found by walking up from this
 * file, which sits at a different depth in `src/` and in `dist/src/`.
 *
 * @example
 * packageRoot(); // "/home/me/yatsapi"
 */
export function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file) && readPackage(file).name === "yatsapi") return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readPackage(file: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
}

/**
 * yatsapi's version, from its package.json.
 *
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  const root = packageRoot();
  return (root === undefined ? undefined : readPackage(join(root, "package.json")).version) || "unknown";
}

/**
 * The package's `bin/` folder, which holds the `gftp` shim requestors spawn.
 *
 * @example
 * binDir(); // "/home/me/yatsapi/bin"
 */
export function binDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "bin", "yatsapi.js"))) return join(dir, "bin");
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
