/**
 * What a devnet serves: its providers, the requestor's accounts, and how it misbehaves
 * on purpose. Everything has a default, so `startDevnet()` alone gives a working network.
 */

/** Faults a provider injects, each decided by the devnet's seeded generator. */
export interface FaultConfig {
  /** Reject every proposal (final rejection). */
  rejectProposals?: boolean;
  /** Confirmed agreements are never approved (the requestor's wait times out). */
  neverApprove?: boolean;
  /** Approve confirmed agreements only after this many ms. */
  approveDelayMs?: number;
  /** Share (0..1) of `run` commands that fail with exit code 1. */
  commandFailureRate?: number;
  /** Share (0..1) of batches during which the exe-unit dies (activity Terminated). */
  crashRate?: number;
  /** Never send debit notes. */
  noDebitNotes?: boolean;
  /** Never send the invoice after the agreement ends. */
  noInvoice?: boolean;
  /** Share (0..1) of requests about this provider's agreements/activities answered with an error. */
  httpErrorRate?: number;
  /** Which error those requests get: 500 is the GSB "endpoint address not found". */
  httpErrorStatus?: 500 | 408;
}

/** One simulated provider node. */
export interface ProviderConfig {
  /** `golem.node.id.name`. */
  name: string;
  /** `golem.node.debug.subnet`. Default "public". */
  subnet?: string;
  /** `golem.runtime.name`. Default "vm". */
  runtime?: string;
  /** Linear prices in GLM: per start, per CPU second, per second of duration. */
  prices?: { start?: number; cpuSec?: number; durationSec?: number };
  cpuThreads?: number;
  cpuCores?: number;
  memGib?: number;
  storageGib?: number;
  /** `golem.srv.caps.multi-activity`. Default true. */
  multiActivity?: boolean;
  /** `golem.com.scheme.payu.debit-note.interval-sec?`. Default 120. */
  debitNoteIntervalSec?: number;
  /** `golem.com.payment.debit-notes.accept-timeout?`. Default 240. */
  debitNoteAcceptTimeoutSec?: number;
  /** `golem.com.scheme.payu.payment-timeout-sec?`; omitted from the offer when null. Default 120. */
  paymentTimeoutSec?: number | null;
  /** Agreements at once. Default 1, as ya-provider. */
  maxAgreements?: number;
  /**
   * Offers published at once, each with its own id and its prices 1 % above the previous
   * one's (a provider with several price packages, or a benchmark's crowded market). Default 1.
   */
  offers?: number;
  /** Seconds without an activity before the provider ends an agreement. Default 90. */
  idleAgreementTimeoutSec?: number;
  /** Payment platforms the provider accepts. Default: the requestor's platforms. */
  platforms?: string[];
  faults?: FaultConfig;
}

/** A requestor account, as `GET /requestorAccounts` lists it, with its balance. */
export interface AccountConfig {
  platform: string;
  balance: string;
}

/** Options of `startDevnet` and of `devnet.json`. */
export interface DevnetOptions {
  /** Port to listen on; 0 picks a free one. Default 7465. */
  port?: number;
  /** Address to bind. Default 127.0.0.1. */
  host?: string;
  /** The app key; default a new random key. */
  appKey?: string;
  /** Seed for ids and faults; default random. */
  seed?: string;
  /** Number of default providers (ignored when `providers` is given). Default 4. */
  providerCount?: number;
  providers?: ProviderConfig[];
  accounts?: AccountConfig[];
  /** Name returned by `GET /me`. */
  appKeyName?: string;
  /** Where sandboxes and images live; default a fresh folder under the OS temp dir. */
  dataDir?: string;
  /** "auto" uses bubblewrap when it is installed. */
  confine?: "auto" | "bwrap" | "none";
  /** Demand subscription lifetime in seconds. Default 3600. */
  subscriptionTtlSec?: number;
  /** Log lines about what the devnet does (never the app key). Default: silent. */
  log?: (line: string) => void;
}

export const DEFAULT_ACCOUNTS: AccountConfig[] = [
  { platform: "erc20-holesky-tglm", balance: "1000" },
  { platform: "erc20-hoodi-tglm", balance: "1000" },
  { platform: "erc20-polygon-glm", balance: "0" },
];

const NAMES = ["lynx", "otter", "heron", "badger", "marten", "ibis", "stoat", "crane"];

/**
 * The default providers: different prices and sizes, so that scoring has a choice.
 *
 * @example
 * defaultProviders(2).map((p) => p.name); // ["lynx", "otter"]
 */
export function defaultProviders(count: number): ProviderConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    name: i < NAMES.length ? NAMES[i]! : `provider-${i + 1}`,
    prices: {
      start: 0,
      // From 0.05 to about 0.2 GLM per CPU hour, and a quarter of that per hour of duration.
      cpuSec: (0.05 + 0.05 * (i % 4)) / 3600,
      durationSec: (0.0125 + 0.0125 * (i % 4)) / 3600,
    },
    cpuThreads: 2 + 2 * (i % 3),
    cpuCores: 1 + (i % 3),
    memGib: 4 * (1 + (i % 3)),
    storageGib: 20 + 10 * (i % 3),
  }));
}
