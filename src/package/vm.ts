import { HttpCore } from "../../services/http/http-core.js";
import { ImageRepository } from "../../services/images/image-repository.js";
import { PackageException } from "../../services/images/package-exception.js";
import { DEFAULT_REPO_SRV, resolveRepoSrv } from "../../services/images/repo-srv.js";
import type { DemandBuilder } from "../demand-builder.js";
import type { Package } from "../demand-decorator.js";
import { VmPackageFormat, VmRequest } from "../props/vm-request.js";

/** What `repo()` takes: an image by hash or by tag, and what the provider must offer. */
export interface RepoOptions {
  /** The image's sha3 hash, resolved with `<repoUrl>/image.<hash>.link` (yapapi 0.5). */
  imageHash?: string;
  /** A registry tag such as `golem/alpine:latest`, resolved with `<repoUrl>/v1/image/info`. */
  imageTag?: string;
  /** Default 0.5. */
  minMemGib?: number;
  /** Default 2. */
  minStorageGib?: number;
  /** Adds `(golem.inf.cpu.threads>=N)` when given. */
  minCpuThreads?: number;
  /**
   * The image repository or registry. Default: `GOLEM_REGISTRY_URL` when set (the devnet
   * prints it); else, for a tag, Golem's registry (`https://registry.golem.network`), and
   * for a hash, yapapi's SRV lookup of `_girepo._tcp.dev.golem.network` with its fallback.
   */
  repoUrl?: string;
}

/** Golem's public image registry, which resolves tags (`/v1/image/info`). */
export const GOLEM_REGISTRY_URL = "https://registry.golem.network";

/** Python prints floats with a decimal point; yapapi's constraint strings show `2.0`. */
function pyFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isFinite(n) || n < 0)
    throw new PackageException(`repo(): ${name} must be a number >= 0, not ${value}`);
  return n;
}

/**
 * A VM package (seed: `yapapi.package.vm.repo`): the demand gets yapapi's constraints
 * `(&(golem.inf.mem.gib>=M)\n\t(golem.inf.storage.gib>=S)\n\t(golem.runtime.name=vm))` and
 * the `golem.srv.comp.task_package` / `package_format` properties. The URL is resolved once,
 * when the demand is first decorated.
 *
 * @example
 * const pkg = repo({ imageTag: "golem/alpine:latest", minMemGib: 0.5 });
 * const executor = new Executor({ package: pkg, budget: "1.0" });
 */
export function repo(opts: RepoOptions): Package {
  if ((opts.imageHash === undefined) === (opts.imageTag === undefined))
    throw new PackageException("repo(): give exactly one of imageHash and imageTag");
  if (opts.imageHash !== undefined && !/^[0-9a-fA-F]{8,}$/.test(opts.imageHash))
    throw new PackageException(`repo(): imageHash is not a hex hash: ${JSON.stringify(opts.imageHash)}`);
  const mem = positive("minMemGib", opts.minMemGib, 0.5);
  const storage = positive("minStorageGib", opts.minStorageGib, 2);
  const parts = [`(golem.inf.mem.gib>=${pyFloat(mem)})`, `(golem.inf.storage.gib>=${pyFloat(storage)})`];
  if (opts.minCpuThreads !== undefined)
    parts.push(`(golem.inf.cpu.threads>=${positive("minCpuThreads", opts.minCpuThreads, 1)})`);
  parts.push("(golem.runtime.name=vm)");
  const constraints = `(&${parts.join("\n\t")})`;

  let url: Promise<string> | undefined;
  const resolveUrl = (): Promise<string> => {
    url ??= (async () => {
      const base =
        opts.repoUrl ??
        process.env.GOLEM_REGISTRY_URL ??
        (opts.imageTag !== undefined ? GOLEM_REGISTRY_URL : await resolveRepoSrv(DEFAULT_REPO_SRV));
      // Image repositories are public: the app key is never sent to them.
      const core = new HttpCore({ appKey: "" });
      try {
        const repository = new ImageRepository(core.client("images", base, { auth: false }));
        return opts.imageHash !== undefined
          ? await repository.taskPackage(opts.imageHash)
          : await repository.taskPackageOf({ tag: opts.imageTag! });
      } finally {
        await core.close();
      }
    })();
    url.catch(() => {
      url = undefined; // A failed lookup may be retried by the next decoration.
    });
    return url;
  };

  return {
    resolveUrl,
    async decorateDemand(demand: DemandBuilder): Promise<void> {
      const packageUrl = await resolveUrl();
      demand.ensure(constraints);
      demand.add(new VmRequest({ packageUrl, packageFormat: VmPackageFormat.GVMKIT_SQUASH }));
    },
  };
}
