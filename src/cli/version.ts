import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * yatsapi's version, from its package.json: found by walking up from this file, which
 * sits at a different depth in `src/` and in `dist/src/`.
 *
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "yatsapi" && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
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
