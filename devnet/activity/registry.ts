import { resolve } from "node:path";
import type { AgreementView, DevnetContext, ProviderNode } from "../context.js";
import { HttpError } from "../http.js";
import type { Confinement } from "./confinement.js";
import { ExeUnit } from "./exe-unit.js";
import type { StatePair } from "./state.js";
import { usageVector } from "./usage.js";

/** One activity as the requestor's daemon knows it, with the exe-unit that runs it. */
export interface ActivityRecord {
  id: string;
  agreementId: string;
  provider: ProviderNode;
  offerProperties: Record<string, unknown>;
  unit: ExeUnit;
  createdAt: number;
  /** Set when the activity was destroyed or died; its state is then Terminated. */
  endedAt?: number;
  reason?: string;
  errorMessage?: string;
  finalUsage?: number[];
  ending?: Promise<void>;
}

/** `ActivityState` as the daemon serialises it: reason and errorMessage only when set. */
export interface ActivityStateBody {
  state: StatePair;
  reason?: string;
  errorMessage?: string;
}

/**
 * Every activity of the devnet, by id and by agreement, and their lifecycle: creation
 * up to `Initialized`, and the one way they end (destroy, agreement terminated, crash,
 * devnet stop), which kills processes, removes the sandbox and tells the bus.
 *
 * @example
 * const record = await registry.create(agreement, 5000);
 * await registry.end(record, {});
 */
export class ActivityRegistry {
  readonly #byId = new Map<string, ActivityRecord>();

  constructor(
    private readonly ctx: DevnetContext,
    private readonly confinement: Confinement,
  ) {}

  get(activityId: string): ActivityRecord | undefined {
    return this.#byId.get(activityId);
  }

  all(): ActivityRecord[] {
    return [...this.#byId.values()];
  }

  ofAgreement(agreementId: string): ActivityRecord[] {
    return this.all().filter((r) => r.agreementId === agreementId);
  }

  isLive(record: ActivityRecord): boolean {
    return record.endedAt === undefined;
  }

  /** Creates an activity and waits until its exe-unit is `Initialized` (408 after `timeoutMs`). */
  async create(agreement: AgreementView, timeoutMs: number): Promise<ActivityRecord> {
    const id = this.ctx.ids.simple();
    const record: ActivityRecord = {
      id,
      agreementId: agreement.agreementId,
      provider: agreement.provider,
      offerProperties: agreement.offerProperties,
      createdAt: this.ctx.clock.now(),
      unit: new ExeUnit({
        activityId: id,
        agreement,
        clock: this.ctx.clock,
        confinement: this.confinement,
        // Absolute, because bubblewrap binds and hides folders by absolute path.
        dataDir: resolve(this.ctx.dataDir),
        images: () => this.ctx.images,
        gftp: () => this.ctx.gftp,
        log: this.ctx.log,
        onCrash: (reason, errorMessage) => void this.end(record, { reason, errorMessage }),
      }),
    };
    this.#byId.set(id, record);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = this.ctx.clock.setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const init = record.unit.init().then(
      () => "ok" as const,
      (err: unknown) => err as Error,
    );
    const outcome = await Promise.race([init, timedOut]);
    this.ctx.clock.clearTimeout(timer);
    if (outcome === "timeout") {
      await this.end(
        record,
        { reason: "Timeout", errorMessage: "exe-unit did not initialize in time" },
        false,
      );
      this.#byId.delete(id);
      throw new HttpError(408, "Timeout");
    }
    if (outcome instanceof Error) {
      const message = `Activity ${id} was abruptly terminated. Reason: initialization error, message: ${outcome.message}`;
      await this.end(record, { reason: "initialization error", errorMessage: outcome.message }, false);
      this.#byId.delete(id);
      throw new HttpError(500, message);
    }
    this.ctx.log(
      `devnet: activity ${id} created on ${agreement.provider.name} (agreement ${agreement.agreementId})`,
    );
    this.ctx.bus.emit("activity.created", { activityId: id, agreementId: agreement.agreementId });
    return record;
  }

  /** The state the requestor sees: the exe-unit's while it lives, the stored final one after. */
  state(record: ActivityRecord): ActivityStateBody {
    if (this.isLive(record)) return { state: [...record.unit.state] };
    const body: ActivityStateBody = { state: ["Terminated", null] };
    if (record.reason !== undefined) body.reason = record.reason;
    if (record.errorMessage !== undefined) body.errorMessage = record.errorMessage;
    return body;
  }

  /** Usage counters in the offer's order; frozen once the activity ended. */
  usage(record: ActivityRecord): number[] {
    if (record.finalUsage) return record.finalUsage;
    const end = record.endedAt ?? this.ctx.clock.now();
    return usageVector(record.offerProperties, {
      cpuSec: record.unit.cpuSec(),
      durationSec: (end - record.createdAt) / 1000,
    });
  }

  /**
   * Ends an activity once (later calls wait for the first): Terminated with the given
   * reason, processes killed, sandbox removed, `activity.ended` emitted with the
   * final usage unless `announce` is false.
   */
  end(
    record: ActivityRecord,
    cause: { reason?: string; errorMessage?: string },
    announce = true,
  ): Promise<void> {
    record.ending ??= (async () => {
      record.endedAt = this.ctx.clock.now();
      if (cause.reason !== undefined) record.reason = cause.reason;
      if (cause.errorMessage !== undefined) record.errorMessage = cause.errorMessage;
      // Results long polls waiting on this activity's batches must learn now that it is gone.
      for (const batch of record.unit.batches.values()) batch.end();
      await record.unit.shutdown().catch((err: unknown) => {
        this.ctx.log(`devnet: activity ${record.id}: cleanup failed: ${(err as Error).message}`);
      });
      record.unit.state = ["Terminated", null];
      record.finalUsage = this.usage(record);
      const why = cause.reason ? ` (${cause.reason})` : "";
      this.ctx.log(`devnet: activity ${record.id} ended${why}`);
      if (announce) {
        this.ctx.bus.emit("activity.ended", {
          activityId: record.id,
          agreementId: record.agreementId,
          usage: record.finalUsage,
        });
      }
    })();
    return record.ending;
  }

  /** Devnet shutdown: ends everything without telling modules that are stopping too. */
  async stopAll(): Promise<void> {
    await Promise.all(this.all().map((r) => this.end(r, { reason: "Shutting down Provider" }, false)));
  }
}
