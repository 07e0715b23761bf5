import { spawnSync } from "node:child_process";
import { accessSync, constants, lstatSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { delimiter, join, posix } from "node:path";
import type { Sandbox } from "./sandbox.js";

/** How provider commands run: inside bubblewrap, or as the devnet's own user. */
export type Confinement = { mode: "bwrap"; bwrap: string } | { mode: "none" };

/** What to spawn for one `run` command: `prefix` (bubblewrap and its options, if any) runs `argv`. */
export interface CommandLine {
  prefix: string[];
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

/** The VM's PATH when neither the image nor the requestor sets one. */
export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Chooses the confinement: `"none"` never confines; `"bwrap"` requires a working
 * bubblewrap and throws a clear error without one; `"auto"` (the default) uses
 * bubblewrap when it is on PATH and can create a sandbox here (some containers forbid
 * user namespaces), else runs unconfined.
 *
 * @example
 * const c = chooseConfinement("auto"); // { mode: "bwrap", bwrap: "/usr/bin/bwrap" } on most Linux hosts
 */
export function chooseConfinement(
  option: "auto" | "bwrap" | "none" = "auto",
  path = process.env.PATH ?? "",
): Confinement {
  if (option === "none") return { mode: "none" };
  const bwrap = path
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, "bwrap"))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!bwrap) {
    if (option === "bwrap")
      throw new Error(
        'devnet: confine is "bwrap" but bubblewrap (bwrap) is not on PATH; install it or use confine "none"',
      );
    return { mode: "none" };
  }
  const probe = spawnSync(
    bwrap,
    ["--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--", "/bin/sh", "-c", "exit 0"],
    {
      encoding: "utf8",
      timeout: 10_000,
      env: {},
    },
  );
  if (probe.status === 0) return { mode: "bwrap", bwrap };
  if (option === "bwrap") {
    throw new Error(
      `devnet: confine is "bwrap" but ${bwrap} cannot create a sandbox here: ${(probe.stderr || String(probe.error ?? probe.status)).trim()}`,
    );
  }
  return { mode: "none" };
}

/**
 * The process to spawn for `run`: under bubblewrap, the entry point itself with the
 * host file system read-only, the sandbox's folders bound writable at their VM paths,
 * no network, and cwd `/golem/work`; unconfined, the entry point, arguments and
 * environment with VM paths rewritten to sandbox paths, and cwd the sandbox's work folder.
 *
 * @example
 * commandLine(c, box, "/bin/sh", ["-c", "ls /golem/input"], { PATH: DEFAULT_PATH }, dataDir).prefix[0]; // "/usr/bin/bwrap"
 */
export function commandLine(
  confinement: Confinement,
  sandbox: Sandbox,
  entryPoint: string,
  args: string[],
  env: Record<string, string>,
  hiddenDir: string,
): CommandLine {
  if (confinement.mode === "none") {
    const rewritten = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, sandbox.rewrite(v)]));
    return {
      prefix: [],
      argv: [sandbox.rewrite(entryPoint), ...args.map((a) => sandbox.rewrite(a))],
      env: rewritten,
      cwd: sandbox.hostPath("/golem/work")!,
    };
  }
  const binds = [...sandbox.binds.keys(), ...sandbox.symlinks.keys()];
  const prefix = [confinement.bwrap, "--unshare-all", "--die-with-parent"];
  prefix.push(...hostTree("/", ancestors(binds), new Set(binds)));
  prefix.push("--dev", "/dev", "--proc", "/proc");
  // The devnet's data folder holds every other activity's sandbox: hide it.
  prefix.push("--tmpfs", hiddenDir, "--remount-ro", hiddenDir);
  for (const [vm, host] of [...sandbox.binds].sort(([a], [b]) => a.length - b.length))
    prefix.push("--bind", host, vm);
  for (const [vm, host] of sandbox.symlinks) prefix.push("--symlink", readlinkSync(host), vm);
  prefix.push("--remount-ro", "/", "--chdir", "/golem/work", "--");
  return { prefix, argv: [entryPoint, ...args], env, cwd: sandbox.root };
}

/** Every proper ancestor folder of the given VM paths ("/golem" for "/golem/work"). */
function ancestors(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    for (let dir = posix.dirname(p); dir !== "/"; dir = posix.dirname(dir)) out.add(dir);
  }
  return out;
}

/**
 * The host's tree, read-only: each entry of `dir` bound at the same place, except
 * where a sandbox path goes inside it; such folders are made afresh (on bubblewrap's
 * tmpfs root) and filled entry by entry, so that the sandbox's binds have a place.
 */
function hostTree(dir: string, needed: Set<string>, binds: Set<string>): string[] {
  const args: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  for (const name of names) {
    const path = posix.join(dir, name);
    if (binds.has(path) || (dir === "/" && (name === "proc" || name === "dev"))) continue;
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (!info) continue;
    if (needed.has(path) && statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      args.push("--dir", path, ...hostTree(path, needed, binds));
    } else if (info.isSymbolicLink()) {
      args.push("--symlink", readlinkSync(path), path);
    } else {
      args.push("--ro-bind", path, path);
    }
  }
  for (const path of needed) {
    if (posix.dirname(path) === dir && !names.includes(posix.basename(path))) args.push("--dir", path);
  }
  return args;
}
