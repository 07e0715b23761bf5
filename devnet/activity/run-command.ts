import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import type { ProviderNode } from "../context.js";
import type { Batch } from "./batch.js";
import { type Confinement, commandLine, DEFAULT_PATH } from "./confinement.js";
import type { RunCommand } from "./exe-script.js";
import { ProviderProcess } from "./process.js";
import type { Sandbox } from "./sandbox.js";

/** How a command ended: 0 and no message, or a return code and the error text. */
export interface Outcome {
  code: number;
  message: string | null;
}

/** What a `run` command uses from its exe-unit. */
export interface RunScope {
  sandbox: Sandbox;
  confinement: Confinement;
  /** The devnet's data folder, hidden from confined commands. */
  hiddenDir: string;
  /** The image's and deploy's environment; the command's own `env` goes on top. */
  env: Record<string, string>;
  provider: ProviderNode;
  /** Running processes, so that the exe-unit can measure and kill them. */
  processes: Set<ProviderProcess>;
  /** Called with the CPU seconds the process used, once it exited. */
  onExit: (cpuSec: number) => void;
}

/**
 * Runs a `run` command as a real process in the sandbox, streaming its output into
 * the batch: exit code 0 is Ok, any other code `ExeScript command exited with code
 * <n>`; an entry point that cannot start fails with the spawn error. At the provider's
 * `commandFailureRate` the command fails with code 1 without running.
 *
 * @example
 * const outcome = await runCommand(command, batch, 2, scope); // { code: 0, message: null }
 */
export async function runCommand(
  command: RunCommand,
  batch: Batch,
  index: number,
  scope: RunScope,
): Promise<Outcome> {
  const { provider, sandbox } = scope;
  if (provider.rng.chance(provider.config.faults.commandFailureRate ?? 0)) {
    batch.output(index, "stderr", Buffer.from("devnet: injected command failure (commandFailureRate)\n"));
    return { code: 1, message: "ExeScript command exited with code 1" };
  }
  const env = { PATH: DEFAULT_PATH, HOME: "/golem/work", ...scope.env, ...command.env };
  const missing = findExecutable(
    sandbox.rewrite(command.entryPoint),
    sandbox.rewrite(env.PATH ?? DEFAULT_PATH),
  );
  if (missing)
    return { code: -1, message: `ExeScript command error: spawn ${command.entryPoint} ${missing}` };
  const line = commandLine(
    scope.confinement,
    sandbox,
    command.entryPoint,
    command.args,
    env,
    scope.hiddenDir,
  );
  const child = new ProviderProcess(line, {
    stdout: (chunk) => batch.output(index, "stdout", chunk),
    stderr: (chunk) => batch.output(index, "stderr", chunk),
  });
  scope.processes.add(child);
  const kill = () => child.kill();
  batch.abort.signal.addEventListener("abort", kill, { once: true });
  const result = await child.done;
  batch.abort.signal.removeEventListener("abort", kill);
  scope.processes.delete(child);
  scope.onExit(result.cpuSec);
  if (result.code === 0) return { code: 0, message: null };
  if (result.code !== undefined)
    return { code: result.code, message: `ExeScript command exited with code ${result.code}` };
  if (result.signal !== undefined)
    return { code: -1, message: `ExeScript command error: process killed by ${result.signal}` };
  return { code: -1, message: `ExeScript command error: ${result.error}` };
}

/** Undefined when `file` can be executed (searched in `path` when it has no slash), else the error code. */
function findExecutable(file: string, path: string): string | undefined {
  const candidates = file.includes("/")
    ? [file]
    : path
        .split(":")
        .filter(Boolean)
        .map((dir) => join(dir, file));
  let code = "ENOENT";
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EACCES") code = "EACCES";
    }
  }
  return code;
}
