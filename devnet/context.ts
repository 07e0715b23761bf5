import { EventEmitter } from "node:events";
import type { Clock } from "./clock.js";
import type { AccountConfig, DevnetOptions, ProviderConfig } from "./config.js";
import type { Route } from "./http.js";
import type { Ids } from "./ids.js";
import type { Rng } from "./rng.js";

/** A termination or rejection reason: `{message, ...extra keys}`. */
export interface Reason {
  message: string;
  [key: string]: unknown;
}

/** A simulated provider node: its configuration with defaults filled in, and its identity. */
export interface ProviderNode {
  id: string;
  name: string;
  config: Required<Omit<ProviderConfig, "faults" | "prices" | "paymentTimeoutSec">> & {
    prices: { start: number; cpuSec: number; durationSec: number };
    paymentTimeoutSec: number | null;
    faults: NonNullable<ProviderConfig["faults"]>;
  };
  /** This provider's own fault stream, so that faults repeat under one seed. */
  rng: Rng;
}

/** What the other APIs may read of an agreement. */
export interface AgreementView {
  agreementId: string;
  state: "Proposal" | "Pending" | "Cancelled" | "Rejected" | "Approved" | "Expired" | "Terminated";
  provider: ProviderNode;
  requestorId: string;
  /** Flat properties of the demand and offer the agreement was made of. */
  demandProperties: Record<string, unknown>;
  offerProperties: Record<string, unknown>;
  /** Creation time, ms: debit notes fall due at `createdAt + k * interval`. */
  createdAt: number;
  approvedAt?: number;
  appSessionId?: string;
}

/** The market as the activity and payment APIs use it. */
export interface MarketPort {
  agreement(agreementId: string): AgreementView | undefined;
  /** The provider ends an Approved agreement (debit notes unaccepted, idle, expired, done). */
  terminateByProvider(agreementId: string, reason: Reason): void;
}

/** The activity API as the market and payment APIs use it. */
export interface ActivityPort {
  /** Usage counters in the order of the offer's `golem.com.usage.vector`. */
  usage(activityId: string): number[] | undefined;
  activitiesOf(agreementId: string): string[];
  /** True until the activity is destroyed or dies. */
  isLive(activityId: string): boolean;
}

/** Files that requestors publish or await through gftp (`gftp://<node>/<id>` URLs). */
export interface GftpPort {
  /** A local file to read for a published `gftp://` URL, or undefined if nothing is published there. */
  source(url: string): string | undefined;
  /** A local file path to write for a `gftp://` URL a requestor waits to receive, or undefined. */
  destination(url: string): string | undefined;
  /** Tells the receiving side that the file at a destination URL is complete. */
  received(url: string): void;
}

/** An image a provider can deploy: a folder of files with a content hash. */
export interface DeployableImage {
  hash: string;
  /** Folder holding the image's files, laid out as in the image's root. */
  dir: string;
  /** The image's default entry point and environment, if its manifest gives them. */
  env: Record<string, string>;
}

/** The image store, as the activity API resolves `golem.srv.comp.task_package`. */
export interface ImagesPort {
  /** Resolves `hash:sha3:<hash>:<url>` (or `hash://sha3:<hash>:<url>`); rejects with a message saying why not. */
  resolve(taskPackage: string): Promise<DeployableImage>;
}

/** Cross-API notifications; each module listens to what concerns it. */
export interface DevnetEvents {
  "agreement.approved": [{ agreementId: string }];
  /** An Approved agreement was terminated, by either side. */
  "agreement.terminated": [{ agreementId: string; terminator: "Requestor" | "Provider"; reason?: Reason }];
  "activity.created": [{ activityId: string; agreementId: string }];
  /** Destroyed by the requestor, or died (crash, provider kill): final usage is known. */
  "activity.ended": [{ activityId: string; agreementId: string; usage: number[] }];
}

/** A typed event emitter for `DevnetEvents`. */
export class DevnetBus extends EventEmitter<DevnetEvents> {}

/** REST calls the devnet answered, by route, for benchmarks (`GET /devnet-api/v1/stats`). */
export class RequestStats {
  readonly byRoute = new Map<string, number>();
  total = 0;

  count(route: string): void {
    this.total++;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  reset(): void {
    this.total = 0;
    this.byRoute.clear();
  }

  toJSON(): { total: number; byRoute: Record<string, number> } {
    return { total: this.total, byRoute: Object.fromEntries(this.byRoute) };
  }
}

/** Everything a devnet module shares: time, randomness, ids, the bus and the other APIs. */
export interface DevnetContext {
  options: DevnetOptions;
  clock: Clock;
  rng: Rng;
  ids: Ids;
  bus: DevnetBus;
  stats: RequestStats;
  requestor: { identity: string; name: string; appKey: string; accounts: AccountConfig[] };
  providers: ProviderNode[];
  /** Root folder of sandboxes, images and gftp files. */
  dataDir: string;
  log: (line: string) => void;
  /** Set once every module is created; read them at call time, never at construction. */
  market: MarketPort;
  activity: ActivityPort;
  gftp: GftpPort;
  images: ImagesPort;
}

/** A part of the devnet: the routes it serves and how it stops. */
export interface DevnetModule {
  routes: Route[];
  /** Ends long polls, timers and child processes. */
  stop?: () => void | Promise<void>;
}
