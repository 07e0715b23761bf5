/** Where a command writes: the process's streams, or a test's buffers. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** The environment commands read (`YAGNA_APPKEY`, `YAGNA_API_URL`...); default `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * One top-level CLI command (`yatsapi <name> ...`). Each lives in its own file under
 * `src/cli/` and is listed in `commands.ts`, so a new command is one file and one line.
 *
 * @example
 * const hello: Command = {
 *   name: "hello",
 *   summary: "greets",
 *   usage: "Usage: yatsapi hello",
 *   async run(argv, io) { io.stdout.write("hi\n"); return 0; },
 * };
 */
export interface Command {
  name: string;
  /** One line for `yatsapi help`. */
  summary: string;
  /** The full text `yatsapi <name> --help` prints. */
  usage: string;
  /**
   * Runs with the arguments after the command name; resolves to the exit code.
   * Throwing a UsageError exits with 2 and a hint to `--help`; other errors exit with 1.
   */
  run(argv: string[], io: CliIo): Promise<number>;
}

/**
 * True when the arguments ask for help: `-h` or `--help` anywhere before `--`.
 *
 * @example
 * wantsHelp(["build", "--help"]); // true
 */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "-h" || a === "--help");
}
