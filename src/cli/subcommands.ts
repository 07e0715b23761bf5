import { UsageError } from "./args.js";
import type { CliIo } from "./command.js";

/** A subcommand's body: the arguments after its name, the streams; resolves to the exit code. */
export type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Runs the subcommand `argv[0]` names, or refuses with a UsageError listing the known ones.
 *
 * @example
 * return dispatch(argv, io, { list, clear });
 */
export function dispatch(
  argv: string[],
  io: CliIo,
  subcommands: Record<string, Subcommand>,
): Promise<number> {
  const [name, ...rest] = argv;
  const known = Object.keys(subcommands);
  const run = name === undefined ? undefined : subcommands[name];
  if (!run || !Object.hasOwn(subcommands, name ?? "")) {
    throw new UsageError(
      name === undefined
        ? `missing subcommand: ${known.join(" or ")}`
        : name.startsWith("-")
          ? `the subcommand (${known.join(" or ")}) comes before options such as ${name}`
          : `unknown subcommand '${name}' (known: ${known.join(", ")})`,
    );
  }
  return run(rest, io);
}
