/**
 * Which `gftp` to run. yagna's installer puts `gftp` on PATH; without it, a requestor on the
 * devnet gets yatsapi's own `bin/gftp` (which drives the devnet), and anyone else gets an
 * error that says how to install gftp.
 */
import { constants, existsSync } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The daemon's URL when YAGNA_API_URL is not set (yagna's default). */
const DEFAULT_API_URL = "http://127.0.0.1:7465";

/**
 * No `gftp` on PATH and the daemon is not the devnet.
 *
 * @example
 * try { await storage.uploadFile("a.txt"); } catch (e) { if (e instanceof GftpNotFoundError) console.error(e.message); }
 */
export class GftpNotFoundError extends Error {
  constructor(readonly apiUrl: string) {
    super(
      `gftp was not found on PATH (needed to transfer files). Install yagna, whose installer ships gftp ` +
        `(curl -sSf https://join.golem.network/as-requestor | bash, see https://docs.golem.network), ` +
        `and make sure its folder is on PATH. On yatsapi's devnet, put yatsapi's bin/ folder on PATH ` +
        `(${binGftp() ?? "bin/gftp"}) or point YAGNA_API_URL at the devnet (now ${apiUrl}, which is not a devnet).`,
    );
    this.name = "GftpNotFoundError";
  }
}

/** yatsapi's own `bin/gftp`, found from this file in the sources (src/storage) or a build (dist/src/storage). */
export function binGftp(): string | undefined {
  for (const rel of ["../../bin/gftp", "../../../bin/gftp"]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * The first executable `name` in the folders of `pathVar` (a PATH value).
 *
 * @example
 * await findOnPath("gftp", process.env.PATH); // "/home/me/.local/bin/gftp" or undefined
 */
export async function findOnPath(name: string, pathVar: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/**
 * Whether the daemon at `apiUrl` is yatsapi's devnet: its `/version/get` (open on every
 * daemon) names itself so. A daemon that does not answer is not taken for the devnet.
 *
 * @example
 * await isDevnet("http://127.0.0.1:7465"); // true while `npx yatsapi devnet` runs
 */
export async function isDevnet(apiUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${apiUrl.replace(/\/+$/, "")}/version/get`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as unknown;
    const current =
      typeof body === "object" && body !== null ? (body as { current?: unknown }).current : undefined;
    const name =
      typeof current === "object" && current !== null ? (current as { name?: unknown }).name : undefined;
    return typeof name === "string" && name.toLowerCase().includes("devnet");
  } catch {
    return false;
  }
}

/**
 * The command that starts gftp's JSON-RPC server for a process environment `env`:
 * `gftp server` from env's PATH, else yatsapi's `bin/gftp server` when env's
 * YAGNA_API_URL is the devnet, else a `GftpNotFoundError`.
 *
 * @example
 * const [cmd, ...args] = await resolveGftpCommand({ ...process.env, YAGNA_API_URL: devnet.url });
 */
export async function resolveGftpCommand(env: NodeJS.ProcessEnv): Promise<readonly string[]> {
  if (await findOnPath("gftp", env.PATH)) return ["gftp", "server"];
  const apiUrl = env.YAGNA_API_URL || DEFAULT_API_URL;
  const own = binGftp();
  // Run with this node: bin/gftp is a node script, and env's PATH may not lead to node.
  if (own && (await isDevnet(apiUrl))) return [process.execPath, own, "server"];
  throw new GftpNotFoundError(apiUrl);
}
