/**
 * What the examples share: where to run (a yagna daemon from the environment, or an
 * embedded devnet started in this process), and how they tell the user about failure.
 */
import { delimiter } from "node:path";
import { startDevnet } from "../devnet/index.js";
import { binDir } from "../src/cli/version.js";

/** Where an example's requestor talks to. */
export interface Network {
  /** The daemon's REST API, e.g. `http://127.0.0.1:7465`. */
  url: string;
  appKey: string;
  /** The image registry to resolve packages at; undefined: the default registry. */
  repoUrl: string | undefined;
  /** True on an embedded devnet (its providers are simulated on this machine). */
  devnet: boolean;
}

/**
 * Puts yatsapi's `bin/` (its `gftp`, which serves the devnet's file transfers) first on
 * this process's PATH, so that the storage's `gftp server` child finds it.
 *
 * @example
 * useBundledGftp();
 */
export function useBundledGftp(): void {
  const bin = binDir();
  if (bin === undefined) return;
  const path = process.env.PATH ?? "";
  if (!path.split(delimiter).includes(bin))
    process.env.PATH = path === "" ? bin : `${bin}${delimiter}${path}`;
}

/**
 * Runs `main` against yagna when `YAGNA_APPKEY` is set (`YAGNA_API_URL`, default
 * `http://127.0.0.1:7465`, and `GOLEM_REGISTRY_URL` when set), else on an embedded devnet
 * started in this process and stopped after `main` ends. Sets `process.exitCode` to 1 and
 * prints the error when `main` throws.
 *
 * @example
 * await runOnDevnetOrYagna(async ({ url, appKey, repoUrl }) => {
 *   // new Executor({ apiConfig: { url, appKey }, package: repo({ imageTag: "golem/alpine:latest", repoUrl }), ... })
 * });
 */
export async function runOnDevnetOrYagna(
  main: (network: Network) => Promise<void>,
  devnetOptions: { providerCount?: number; seed?: string } = {},
): Promise<void> {
  try {
    const appKey = process.env.YAGNA_APPKEY;
    if (appKey !== undefined && appKey !== "") {
      await main({
        url: process.env.YAGNA_API_URL ?? "http://127.0.0.1:7465",
        appKey,
        repoUrl: process.env.GOLEM_REGISTRY_URL,
        devnet: false,
      });
      return;
    }
    useBundledGftp();
    const devnet = await startDevnet({ port: 0, ...devnetOptions });
    try {
      await main({ url: devnet.url, appKey: devnet.appKey, repoUrl: devnet.url, devnet: true });
    } finally {
      await devnet.stop();
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/**
 * Reads `WxH` (e.g. `640x480`) for a flag, within `1..max` on each side.
 *
 * @example
 * parseSize("640x480", "--size", 8192); // { w: 640, h: 480 }
 */
export function parseSize(raw: string, flag: string, max: number): { w: number; h: number } {
  const m = /^(\d+)x(\d+)$/.exec(raw);
  const w = Number(m?.[1]);
  const h = Number(m?.[2]);
  if (!m || w < 1 || h < 1 || w > max || h > max)
    throw new RangeError(`${flag} must be WIDTHxHEIGHT with each side from 1 to ${max}, got '${raw}'`);
  return { w, h };
}
