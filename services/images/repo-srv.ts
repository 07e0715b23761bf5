import type { SrvRecord } from "node:dns";
import { Resolver } from "node:dns/promises";
import { restLogger } from "../http/logging.js";
import { PackageException } from "./package-exception.js";

/** yapapi's SRV record of the image repository. */
export const DEFAULT_REPO_SRV = "_girepo._tcp.dev.golem.network";
/** yapapi's (0.5.1+) fallback repository when the SRV lookup fails. */
export const FALLBACK_REPO_URL = "http://yacn2.dev.golem.network:8000";

/** What `resolveRepoSrv` needs of a DNS resolver (node's `dns.promises.Resolver` has it). */
export interface SrvResolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

/** Options of `resolveRepoSrv`. */
export interface ResolveRepoSrvOptions {
  /** URL to use when the lookup fails; `null` makes a failure throw PackageException. */
  fallbackUrl?: string | null;
  /** DNS servers to ask (e.g. `["127.0.0.1:5353"]`); default: the system's. */
  dnsServers?: string[];
  /** A resolver to use instead of a new node resolver. */
  resolver?: SrvResolver;
  /** Picks among equal-priority records by weight; default Math.random. */
  random?: () => number;
}

/**
 * Picks one SRV record as RFC 2782 says: lowest priority first, then at random in
 * proportion to weight.
 *
 * @example
 * pickSrv([{ name: "a", port: 1, priority: 0, weight: 1 }], () => 0).name; // "a"
 */
export function pickSrv(
  records: readonly SrvRecord[],
  random: () => number = Math.random,
): SrvRecord | undefined {
  if (records.length === 0) return undefined;
  const best = Math.min(...records.map((r) => r.priority));
  const candidates = records.filter((r) => r.priority === best);
  const total = candidates.reduce((sum, r) => sum + r.weight, 0);
  if (total === 0) return candidates[Math.floor(random() * candidates.length)];
  let point = random() * total;
  for (const r of candidates) {
    point -= r.weight;
    if (point < 0) return r;
  }
  return candidates[candidates.length - 1];
}

/**
 * The image repository's URL (`http://host:port`) from its SRV record. When the lookup
 * fails or finds nothing, logs a warning and returns the fallback URL, or throws
 * PackageException when the fallback is `null`.
 *
 * @example
 * const repoUrl = await resolveRepoSrv(); // e.g. "http://girepo.dev.golem.network:8000"
 * const strict = await resolveRepoSrv("_girepo._tcp.example.org", { fallbackUrl: null });
 */
export async function resolveRepoSrv(
  repoSrv: string = DEFAULT_REPO_SRV,
  opts: ResolveRepoSrvOptions = {},
): Promise<string> {
  const fallbackUrl = opts.fallbackUrl === undefined ? FALLBACK_REPO_URL : opts.fallbackUrl;
  let problem: unknown;
  try {
    const resolver = opts.resolver ?? newResolver(opts.dnsServers);
    const record = pickSrv(await resolver.resolveSrv(repoSrv), opts.random);
    if (record) return `http://${record.name}:${record.port}`;
    problem = new Error("no SRV records");
  } catch (err) {
    problem = err;
  }
  const detail = problem instanceof Error ? problem.message : String(problem);
  if (fallbackUrl === null) {
    throw new PackageException(`Could not resolve the image repository ${repoSrv}: ${detail}`, {
      cause: problem,
    });
  }
  restLogger("images").warn(
    `Problem resolving ${repoSrv}, falling back to ${fallbackUrl}, exception: ${detail}`,
  );
  return fallbackUrl;
}

function newResolver(servers: string[] | undefined): SrvResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (servers) resolver.setServers(servers);
  return resolver;
}
