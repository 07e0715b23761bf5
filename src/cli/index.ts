import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./args.js";
import { type CliIo, wantsHelp } from "./command.js";
import { COMMANDS } from "./commands.js";
import { packageVersion } from "./version.js";

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  return [
    `yatsapi ${packageVersion()}: a TypeScript requestor SDK for the Golem network, with a local devnet`,
    "",
    "Usage: yatsapi <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${"help".padEnd(width)}  show this list, or a command's help: yatsapi help <command>`,
    "",
    "Options: --version prints the version; <command> --help shows a command's options.",
    "",
  ].join("\n");
}

/**
 * Runs the CLI with the given arguments and resolves to the exit code: 0 on success,
 * 1 when the command failed, 2 for a usage mistake (after saying what to do).
 *
 * @example
 * process.exitCode = await main(["image", "build", "./my-image"]);
 */
export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined) {
      // Asked for, the list goes to stdout; without any command it is a usage mistake.
      (name === undefined ? io.stderr : io.stdout).write(overview());
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS.find((c) => c.name === topic);
    if (!command) {
      io.stderr.write(`yatsapi: no command '${topic}'; run "yatsapi help" for the list\n`);
      return 2;
    }
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(
      `yatsapi: unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(", ")}, help\n`,
    );
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(
        `yatsapi ${command.name}: ${err.message}\nRun "yatsapi ${command.name} --help" for usage.\n`,
      );
      return 2;
    }
    io.stderr.write(`yatsapi ${command.name}: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

/**
 * The CLI entry point: runs `main` on the process arguments and exits with its code,
 * once stdout and stderr are flushed.
 *
 * @example
 * // bin/yatsapi.js
 * import { runCli } from "../dist/src/cli/index.js";
 * runCli();
 */
export function runCli(argv = process.argv.slice(2)): void {
  main(argv).then(
    (code) => exitAfterFlush(code),
    (err: unknown) => {
      process.stderr.write(`yatsapi: ${(err as Error).stack ?? String(err)}\n`);
      exitAfterFlush(1);
    },
  );
}

function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// `node --import tsx src/cli/index.ts ...` runs the CLI directly; bin/yatsapi.js imports it.
if (isEntryPoint()) runCli();
