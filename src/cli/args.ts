import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * A mistake in the command line or its config: the CLI prints it and exits with code 2.
 *
 * @example
 * throw new UsageError("give either --providers or --config");
 */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's flags with node's `parseArgs` (strict: unknown flags and missing
 * values are errors), rewording its errors as UsageErrors.
 *
 * @example
 * const { values, positionals } = parseFlags(["--port", "0"], { port: { type: "string" } });
 */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  positionals = 0,
): {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>["values"];
  positionals: string[];
} {
  let parsed: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = (err as Error).message;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown option ${/'([^']+)'/.exec(message)?.[1] ?? message}`);
    }
    throw new UsageError(message);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals]}'`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * Reads an integer flag, refusing anything else with a message naming the flag.
 *
 * @example
 * intFlag("7465", "--port", 0, 65535); // 7465
 */
export function intFlag(raw: string, flag: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${raw}'`);
  }
  return n;
}

/**
 * Reads a flag that must not be empty (an app key, a seed, a folder).
 *
 * @example
 * textFlag("abc", "--seed"); // "abc"
 */
export function textFlag(raw: string, flag: string): string {
  if (raw.trim() === "") throw new UsageError(`${flag} must not be empty`);
  return raw;
}
