/**
 * Inspection as one Executor has it: the option (or environment) resolved once, the
 * inspector started once per Executor with the app key registered as a secret, the
 * observer each computation gets, and the end: the inspector closes with the Executor,
 * or, under `yatsapi run --inspect` (`YATSAPI_INSPECT_HOLD=1`), keeps serving the page
 * after the run until Ctrl-C.
 */
import type { InspectionEvent } from "xstate";
import { Inspector } from "./inspector.js";
import { type InspectPlan, inspectPlan } from "./options.js";
import { attachStately } from "./stately.js";

type Observer = (event: InspectionEvent) => void;

/**
 * The inspection of one Executor.
 *
 * @example
 * const inspection = new ExecutorInspection(opts.inspect, appKey);
 * const inspect = await inspection.observer(); // give it to createActor
 * await inspection.close();
 */
export class ExecutorInspection {
  readonly plan: InspectPlan;
  /** The local inspector (for `inspect: true`, options, `"stately"` or YATSAPI_INSPECT). */
  readonly inspector: Inspector | undefined;
  readonly #observer: Promise<Observer | undefined>;
  #stopStately: (() => Promise<void>) | undefined;
  #held = false;

  /** Throws a TypeError/RangeError naming `inspect` or the environment variable when they are wrong. */
  constructor(option: unknown, appKey: string, env: Record<string, string | undefined> = process.env) {
    this.plan = inspectPlan(option, env);
    const plan = this.plan;
    if (plan.kind === "off" || plan.kind === "observer") {
      this.inspector = undefined;
      this.#observer = Promise.resolve(plan.kind === "observer" ? plan.observer : undefined);
      return;
    }
    this.inspector = new Inspector({
      port: plan.port,
      host: plan.host,
      secrets: appKey.length >= 4 ? [appKey] : [],
      ...(plan.record === undefined ? {} : { record: plan.record }),
    });
    const inspector = this.inspector;
    this.#observer =
      plan.kind === "stately"
        ? attachStately(inspector).then((stately) => {
            this.#stopStately = stately.stop;
            process.stderr.write(`yatsapi inspector: Stately bridge at ${stately.url}\n`);
            return stately.inspect;
          })
        : inspector.ready.then(() => inspector.inspect);
    // Reported to the first submit(), which awaits it; never an unhandled rejection.
    this.#observer.catch(() => undefined);
  }

  /** What each computation's root actor gets as `inspect`; rejects when the inspector could not start. */
  observer(): Promise<Observer | undefined> {
    return this.#observer;
  }

  /** A computation ended: under `--inspect` the page stays served (and the recording is flushed). */
  async runEnded(): Promise<void> {
    if (this.inspector === undefined || this.plan.kind === "off" || this.plan.kind === "observer") return;
    if (!this.plan.hold) return;
    await this.inspector.flush();
    if (this.#held) return;
    this.#held = true;
    this.inspector.hold();
    process.stderr.write(
      `yatsapi inspector: the run ended; ${this.inspector.url ?? "the page"} is still served, press Ctrl-C to stop\n`,
    );
  }

  /** The Executor shut down: the inspector closes, unless it is held for the page. */
  async close(): Promise<void> {
    if (this.inspector === undefined) return;
    if (this.#held) return this.inspector.flush();
    await this.#stopStately?.();
    await this.inspector.close();
  }
}
