import { constants } from "node:fs";
import { cp, type FileHandle, lstat, mkdir, open, readdir, realpath, rm } from "node:fs/promises";
import { dirname, join, posix } from "node:path";

/** The folders every golem VM image declares as volumes. */
export const GOLEM_VOLUMES = ["/golem/input", "/golem/output", "/golem/resource", "/golem/work"];

/**
 * Thrown for a VM path that does not lead into the sandbox; the message says why.
 *
 * @example
 * throw new SandboxPathError("'/golem/work/../../x': '..' is not allowed in container paths");
 */
export class SandboxPathError extends Error {}

/**
 * An activity's private folder, `<dataDir>/activities/<activityId>/`, laid out as the
 * VM's root: `golem/{input,output,resource,work}`, extra volumes, and a copy of the
 * image's files. `binds` maps each VM path the sandbox provides to its host folder;
 * everything else in the VM is the host's file system, read-only under bubblewrap.
 *
 * @example
 * const box = await Sandbox.create("/tmp/devnet", "4f2a...");
 * box.hostPath("/golem/output/x.txt"); // "/tmp/devnet/activities/4f2a.../golem/output/x.txt"
 */
export class Sandbox {
  /** VM path -> host path, for the sandbox's own folders and files. */
  readonly binds = new Map<string, string>();
  /** VM path -> symlink target, for image symlinks the host has no entry for. */
  readonly symlinks = new Map<string, string>();
  #realRoot = "";

  private constructor(readonly root: string) {}

  /** Creates the sandbox folder with the four golem volumes. */
  static async create(dataDir: string, activityId: string): Promise<Sandbox> {
    const box = new Sandbox(join(dataDir, "activities", activityId));
    await mkdir(box.root, { recursive: true });
    box.#realRoot = await realpath(box.root);
    for (const vm of GOLEM_VOLUMES) await box.addVolume(vm);
    return box;
  }

  /** Adds a writable folder at a VM path (a deploy `volumes` entry). */
  async addVolume(vmPath: string): Promise<void> {
    const vm = checkVmPath(vmPath);
    if (vm === "/") throw new SandboxPathError(`volume '${vmPath}' cannot be the root folder`);
    const host = join(this.root, vm);
    await mkdir(host, { recursive: true });
    this.binds.set(vm, host);
  }

  /**
   * Copies an image's files into the sandbox and maps them at their VM paths: each at
   * the shallowest path the host does not already have, so that a thin image adding
   * `/app` or `/etc/app.conf` leaves the rest of the host's `/etc` visible.
   */
  async installImage(imageDir: string): Promise<void> {
    await cp(imageDir, this.root, { recursive: true, force: true, verbatimSymlinks: true });
    await this.#mapImage(imageDir, "/");
  }

  async #mapImage(imageDir: string, vmDir: string): Promise<void> {
    for (const name of await readdir(join(imageDir, vmDir))) {
      const vm = posix.join(vmDir, name);
      if (vm === "/golem" || vm === "/proc" || vm === "/dev") continue;
      const image = await lstat(join(imageDir, vm));
      const host = await lstat(vm).catch(() => undefined);
      if (image.isSymbolicLink()) {
        if (!host) this.symlinks.set(vm, join(this.root, vm));
        continue;
      }
      if (image.isDirectory() && host?.isDirectory()) await this.#mapImage(imageDir, vm);
      else if (!host?.isSymbolicLink()) this.binds.set(vm, join(this.root, vm));
    }
  }

  /** The host path a VM path maps to, or undefined when it is not inside the sandbox. */
  hostPath(vmPath: string): string | undefined {
    let best: string | undefined;
    for (const vm of this.binds.keys()) {
      if ((vmPath === vm || vmPath.startsWith(`${vm}/`)) && (!best || vm.length > best.length)) best = vm;
    }
    return best === undefined ? undefined : this.binds.get(best)! + vmPath.slice(best.length);
  }

  /**
   * Opens a file a transfer reads, refusing `..`, paths outside the mapped folders, and
   * symlinks that lead out of the sandbox.
   */
  async openForRead(vmPath: string): Promise<FileHandle> {
    const host = this.#mapped(vmPath);
    const real = await realpath(host).catch(() => {
      throw new SandboxPathError(`${vmPath}: no such file`);
    });
    this.#inside(real, vmPath);
    return open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  }

  /** Opens (creates or truncates) a file a transfer writes, with the same checks. */
  async openForWrite(vmPath: string): Promise<FileHandle> {
    const host = this.#mapped(vmPath);
    await mkdir(dirname(host), { recursive: true });
    this.#inside(await realpath(dirname(host)), vmPath);
    return open(
      host,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o644,
    );
  }

  #mapped(vmPath: string): string {
    const vm = checkVmPath(vmPath);
    const host = this.hostPath(vm);
    if (host === undefined) {
      const folders = [...this.binds.keys()].sort().join(", ");
      throw new SandboxPathError(`${vmPath} is outside the container's writable folders (${folders})`);
    }
    return host;
  }

  #inside(real: string, vmPath: string): void {
    if (real !== this.#realRoot && !real.startsWith(`${this.#realRoot}/`)) {
      throw new SandboxPathError(`${vmPath} leads out of the container (symbolic link)`);
    }
  }

  /**
   * Rewrites VM paths inside a string to their sandbox paths, for commands that run
   * unconfined: `cat /golem/input/a` becomes `cat <sandbox>/golem/input/a`. Only whole
   * path prefixes are replaced (`/golem/inputs` is left alone).
   */
  rewrite(text: string): string {
    const keys = [...this.binds.keys(), ...this.symlinks.keys()].sort((a, b) => b.length - a.length);
    if (keys.length === 0) return text;
    const alternatives = keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    const pattern = new RegExp(`(?<![\\w.\\-/~])(${alternatives})(?=$|/|[^\\w.\\-])`, "g");
    return text.replace(pattern, (vm) => this.binds.get(vm) ?? this.symlinks.get(vm)!);
  }

  /** Deletes the sandbox folder. */
  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Accepts an absolute VM path without `..` segments; returns it normalised. */
function checkVmPath(vmPath: string): string {
  if (!vmPath.startsWith("/")) throw new SandboxPathError(`'${vmPath}' is not an absolute path`);
  if (vmPath.split("/").includes(".."))
    throw new SandboxPathError(`'${vmPath}': '..' is not allowed in container paths`);
  if (vmPath.includes("\0")) throw new SandboxPathError("container paths cannot contain NUL characters");
  const normal = posix.normalize(vmPath);
  return normal.length > 1 && normal.endsWith("/") ? normal.slice(0, -1) : normal;
}
