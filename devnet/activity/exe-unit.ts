import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import type { AgreementView, GftpPort, ImagesPort } from "../context.js";
import { Batch, type ExeScriptCommandState } from "./batch.js";
import type { Confinement } from "./confinement.js";
import type { DeployCommand, ExeCommand, RunCommand, TransferCommand } from "./exe-script.js";
import type { ProviderProcess } from "./process.js";
import { type Outcome, runCommand } from "./run-command.js";
import { Sandbox } from "./sandbox.js";
import { type StatePair, samePair, transition, unexpectedState } from "./state.js";
import { runTransfer } from "./transfer.js";

/**
 * How long a new batch waits for its first results request (a poll, or an SSE client)
 * before it starts anyway. The daemon does not replay SSE events, and neither do we;
 * this grace period is what lets a client that opens the stream right after `exec`
 * see every event, even of a batch that takes a millisecond.
 */
export const BATCH_START_GRACE_MS = 200;

/** What an exe-unit needs from the devnet. Ports are read at call time. */
export interface ExeUnitDeps {
  activityId: string;
  agreement: AgreementView;
  clock: Clock;
  confinement: Confinement;
  dataDir: string;
  images: () => ImagesPort;
  gftp: () => GftpPort;
  log: (line: string) => void;
  /** The exe-unit died on its own (injected crash): the owner must end the activity. */
  onCrash: (reason: string, errorMessage: string) => void;
}

/**
 * A simulated exe-unit: the activity's state machine, its batches, and the real
 * processes and transfers its commands run in the activity's sandbox.
 *
 * @example
 * const unit = new ExeUnit(deps);
 * await unit.init(); // state ["Initialized", null]
 * const batch = unit.exec("b1", parseExeScript('[{"deploy":{}},{"start":{}}]'));
 */
export class ExeUnit {
  state: StatePair = ["New", null];
  readonly batches = new Map<string, Batch>();
  readonly #deps: ExeUnitDeps;
  readonly #pending = new Map<Batch, NodeJS.Timeout>();
  readonly #processes = new Set<ProviderProcess>();
  #sandbox?: Sandbox;
  #env: Record<string, string> = {};
  #cpuDone = 0;
  #dead = false;

  constructor(deps: ExeUnitDeps) {
    this.#deps = deps;
  }

  /** Prepares the sandbox and reaches `Initialized`. */
  async init(): Promise<void> {
    const sandbox = await Sandbox.create(this.#deps.dataDir, this.#deps.activityId);
    // Shut down while the sandbox was being made (create timed out): do not leave it behind.
    if (this.#dead) return sandbox.remove();
    this.#sandbox = sandbox;
    this.state = ["Initialized", null];
  }

  /** Registers a batch; it starts at the first results request or after the grace period. */
  exec(batchId: string, commands: ExeCommand[]): Batch {
    const batch = new Batch(batchId, commands, this.#deps.clock);
    this.batches.set(batchId, batch);
    if (commands.length === 0) {
      batch.end();
      return batch;
    }
    this.#pending.set(
      batch,
      this.#deps.clock.setTimeout(() => this.kick(batch), BATCH_START_GRACE_MS),
    );
    return batch;
  }

  /** Starts a batch now if it is still waiting. */
  kick(batch: Batch): void {
    const timer = this.#pending.get(batch);
    if (!timer) return;
    this.#deps.clock.clearTimeout(timer);
    this.#pending.delete(batch);
    void this.#run(batch);
  }

  /** Commands that have started and not finished, over every batch. */
  running(): ExeScriptCommandState[] {
    return [...this.batches.values()].flatMap((b) => b.running() ?? []);
  }

  /** CPU seconds used by every process this exe-unit ran, including those still running. */
  cpuSec(): number {
    let sec = this.#cpuDone;
    for (const p of this.#processes) sec += p.cpuSoFar();
    return sec;
  }

  /** Kills running processes at once, synchronously (the devnet's process is exiting). */
  killNow(): void {
    for (const p of this.#processes) p.kill();
  }

  /**
   * Stops everything for good: batches end, processes are killed, the sandbox is
   * removed. The caller sets the final state.
   */
  async shutdown(): Promise<void> {
    if (this.#dead) return;
    this.#dead = true;
    for (const [batch, timer] of this.#pending) {
      this.#deps.clock.clearTimeout(timer);
      batch.end();
    }
    this.#pending.clear();
    for (const batch of this.batches.values()) {
      batch.abort.abort();
      batch.end();
    }
    const exits = [...this.#processes].map((p) => {
      p.kill();
      return p.done;
    });
    await Promise.all(exits);
    await this.#sandbox?.remove();
  }

  async #run(batch: Batch): Promise<void> {
    const { faults } = this.#deps.agreement.provider.config;
    const provider = this.#deps.agreement.provider;
    const crashAt = provider.rng.chance(faults.crashRate ?? 0)
      ? provider.rng.int(0, batch.commands.length - 1)
      : -1;
    for (let index = 0; index < batch.commands.length; index++) {
      if (batch.abort.signal.aborted || this.#dead) break;
      batch.started(index);
      if (index === crashAt) {
        this.#deps.log(
          `devnet: activity ${this.#deps.activityId}: injected exe-unit crash at command ${index}`,
        );
        this.#deps.onCrash(
          "Exe-unit crashed",
          "ExeUnit process exited unexpectedly (devnet fault: crashRate)",
        );
        return;
      }
      const outcome = await this.#execute(batch, index).catch(
        (err: unknown): Outcome => ({
          code: -1,
          message: `ExeScript command error: ${(err as Error).message}`,
        }),
      );
      if (this.#dead) return;
      batch.finished(index, outcome.code, outcome.message);
      if (outcome.code !== 0) break;
    }
    batch.end();
  }

  async #execute(batch: Batch, index: number): Promise<Outcome> {
    const command = batch.commands[index]!;
    if (command.name === "sign") {
      const signature = createHash("sha256")
        .update(`${this.#deps.activityId}\n${batch.id}\n${JSON.stringify(batch.commands.map((c) => c.raw))}`)
        .digest("hex");
      batch.output(index, "stdout", Buffer.from(JSON.stringify(signature)));
      return { code: 0, message: null };
    }
    if (command.name === "terminate") {
      for (const other of this.batches.values()) if (other !== batch) other.abort.abort();
      this.state = ["Initialized", null];
      return { code: 0, message: null };
    }
    const pre = transition(this.state, command.name);
    if (typeof pre === "string") return { code: -1, message: pre };
    this.state = pre;
    let outcome: Outcome;
    if (command.name === "deploy") outcome = await this.#deploy(command);
    else if (command.name === "run") outcome = await this.#runCommand(command, batch, index);
    else if (command.name === "transfer") outcome = await this.#transfer(command, batch);
    else outcome = { code: 0, message: null };
    if (!samePair(this.state, pre)) return { code: -1, message: unexpectedState(this.state, pre) };
    this.state = [pre[1]!, null];
    return outcome;
  }

  async #deploy(command: DeployCommand): Promise<Outcome> {
    if (command.net.length > 0) {
      return {
        code: -1,
        message:
          "ExeScript command error: VPN networks (deploy.net) are not supported by the devnet's providers",
      };
    }
    try {
      const taskPackage = this.#deps.agreement.demandProperties["golem.srv.comp.task_package"];
      if (typeof taskPackage !== "string")
        throw new Error("the agreement's demand has no golem.srv.comp.task_package");
      const image = await this.#deps.images().resolve(taskPackage);
      const sandbox = this.#sandbox!;
      await sandbox.installImage(image.dir);
      for (const volume of command.volumes) await sandbox.addVolume(volume);
      this.#env = { ...image.env, ...command.env };
      return { code: 0, message: null };
    } catch (err) {
      return { code: -1, message: `Local service error: Transfer error: ${(err as Error).message}` };
    }
  }

  async #transfer(command: TransferCommand, batch: Batch): Promise<Outcome> {
    try {
      await runTransfer(command, {
        sandbox: this.#sandbox!,
        gftp: this.#deps.gftp(),
        signal: batch.abort.signal,
      });
      return { code: 0, message: null };
    } catch (err) {
      return { code: -1, message: `Local service error: Transfer error: ${(err as Error).message}` };
    }
  }

  #runCommand(command: RunCommand, batch: Batch, index: number): Promise<Outcome> {
    return runCommand(command, batch, index, {
      sandbox: this.#sandbox!,
      confinement: this.#deps.confinement,
      hiddenDir: this.#deps.dataDir,
      env: this.#env,
      provider: this.#deps.agreement.provider,
      processes: this.#processes,
      onExit: (cpuSec) => {
        this.#cpuDone += cpuSec;
      },
    });
  }
}
