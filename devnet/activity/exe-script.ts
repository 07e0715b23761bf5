/**
 * The ExeScript language (yagna-protocol.md 3.2): a JSON array of externally tagged
 * commands with camelCase keys (`entry_point` is the one snake_case exception).
 * Parsing is as strict as the daemon's serde model where a client can notice
 * (unknown commands, missing or mistyped fields) and as lax where serde is lax
 * (unknown keys are ignored: yapapi sends `{"stream": {"stream": N}}`).
 */

/** How a command's stdout or stderr is kept: what the JSON results and the SSE stream get. */
export interface CaptureSpec {
  /** True when chunks are sent as SSE `stdout`/`stderr` events as they come. */
  stream: boolean;
  format: "str" | "bin";
  /** Bytes kept from the start (`Infinity` for all, 0 for none). */
  head: number;
  /** Bytes kept from the end (a ring buffer), after the head part. */
  tail: number;
}

/** Output of non-`run` commands: everything, streamed (the daemon's "all"). */
export const CAPTURE_ALL: CaptureSpec = {
  stream: true,
  format: "str",
  head: Number.POSITIVE_INFINITY,
  tail: 0,
};
/** `run` without `capture`: output is discarded. */
export const CAPTURE_NONE: CaptureSpec = { stream: false, format: "str", head: 0, tail: 0 };

export interface DeployCommand {
  name: "deploy";
  env: Record<string, string>;
  volumes: string[];
  /** VPN networks to join (`net`); the devnet's providers refuse a non-empty list. */
  net: unknown[];
}
export interface StartCommand {
  name: "start";
  args: string[];
}
export interface RunCommand {
  name: "run";
  entryPoint: string;
  args: string[];
  env: Record<string, string>;
  stdout: CaptureSpec;
  stderr: CaptureSpec;
}
export interface TransferCommand {
  name: "transfer";
  from: string;
  to: string;
  format?: string;
  fileset?: unknown;
}
export interface SignCommand {
  name: "sign";
}
export interface TerminateCommand {
  name: "terminate";
}

/** One parsed command, with the JSON it came from (echoed by SSE `started` events). */
export type ExeCommand = (
  | DeployCommand
  | StartCommand
  | RunCommand
  | TransferCommand
  | SignCommand
  | TerminateCommand
) & {
  raw: Record<string, unknown>;
};

/**
 * Thrown for a script the daemon's deserializer would refuse; the message says why.
 *
 * @example
 * throw new ExeScriptError("command 0 (run): missing field `entry_point`");
 */
export class ExeScriptError extends Error {}

const NAMES = ["deploy", "start", "sign", "run", "transfer", "terminate"] as const;

/**
 * Parses `exec`'s `text` field into commands, or throws an ExeScriptError naming the
 * offending command and field.
 *
 * @example
 * parseExeScript('[{"deploy":{}},{"start":{}}]').map((c) => c.name); // ["deploy", "start"]
 */
export function parseExeScript(text: string): ExeCommand[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ExeScriptError(`text is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value))
    throw new ExeScriptError(`invalid type: ${typeName(value)}, expected a sequence of commands`);
  return value.map((item, index) => parseCommand(item, index));
}

function parseCommand(item: unknown, index: number): ExeCommand {
  const where = `command ${index}`;
  if (!isObject(item))
    throw new ExeScriptError(
      `${where}: invalid type: ${typeName(item)}, expected an object such as {"run": {...}}`,
    );
  const keys = Object.keys(item);
  if (keys.length !== 1)
    throw new ExeScriptError(
      `${where}: expected an object with exactly one key (the command name), got ${keys.length}`,
    );
  const name = keys[0]!;
  if (!(NAMES as readonly string[]).includes(name)) {
    throw new ExeScriptError(
      `${where}: unknown variant \`${name}\`, expected one of ${NAMES.map((n) => `\`${n}\``).join(", ")}`,
    );
  }
  const body = item[name];
  const at = `${where} (${name})`;
  if (!isObject(body)) throw new ExeScriptError(`${at}: invalid type: ${typeName(body)}, expected an object`);
  const raw = item as Record<string, unknown>;
  switch (name) {
    case "deploy":
      if (body.net !== undefined && body.net !== null && !Array.isArray(body.net)) {
        throw new ExeScriptError(`${at}.net: expected an array of networks`);
      }
      return {
        name,
        raw,
        env: stringMap(body.env, `${at}.env`),
        volumes: volumes(body.volumes, `${at}.volumes`),
        net: Array.isArray(body.net) ? body.net : [],
      };
    case "start":
      return { name, raw, args: stringList(body.args, `${at}.args`) };
    case "run": {
      if (body.entry_point === undefined) throw new ExeScriptError(`${at}: missing field \`entry_point\``);
      if (typeof body.entry_point !== "string" || body.entry_point === "") {
        throw new ExeScriptError(`${at}.entry_point: expected a non-empty string`);
      }
      const capture = body.capture === undefined || body.capture === null ? {} : body.capture;
      if (!isObject(capture))
        throw new ExeScriptError(`${at}.capture: expected an object {stdout?, stderr?}`);
      return {
        name,
        raw,
        entryPoint: body.entry_point,
        args: stringList(body.args, `${at}.args`),
        env: stringMap(body.env, `${at}.env`),
        stdout: captureMode(capture.stdout, `${at}.capture.stdout`),
        stderr: captureMode(capture.stderr, `${at}.capture.stderr`),
      };
    }
    case "transfer": {
      for (const field of ["from", "to"] as const) {
        if (body[field] === undefined) throw new ExeScriptError(`${at}: missing field \`${field}\``);
        if (typeof body[field] !== "string") throw new ExeScriptError(`${at}.${field}: expected a string`);
      }
      if (body.format !== undefined && body.format !== null && typeof body.format !== "string") {
        throw new ExeScriptError(`${at}.format: expected a string`);
      }
      const cmd: TransferCommand & { raw: Record<string, unknown> } = {
        name,
        raw,
        from: body.from as string,
        to: body.to as string,
      };
      if (typeof body.format === "string") cmd.format = body.format;
      if (body.fileset !== undefined && body.fileset !== null) cmd.fileset = body.fileset;
      return cmd;
    }
    default:
      return { name: name as "sign" | "terminate", raw };
  }
}

function captureMode(value: unknown, at: string): CaptureSpec {
  if (value === undefined || value === null) return CAPTURE_NONE;
  if (!isObject(value) || Object.keys(value).length !== 1) {
    throw new ExeScriptError(`${at}: expected {"atEnd": {...}} or {"stream": {...}}`);
  }
  const [mode] = Object.keys(value) as [string];
  const body = value[mode];
  if (!isObject(body)) throw new ExeScriptError(`${at}.${mode}: expected an object`);
  const format = captureFormat(body.format, `${at}.${mode}.format`);
  if (mode === "stream") {
    const limit =
      body.limit === undefined || body.limit === null ? undefined : size(body.limit, `${at}.stream.limit`);
    return { stream: true, format, head: limit ?? Number.POSITIVE_INFINITY, tail: 0 };
  }
  if (mode !== "atEnd")
    throw new ExeScriptError(`${at}: unknown variant \`${mode}\`, expected \`atEnd\` or \`stream\``);
  const parts = ["head", "tail", "headTail"].filter((p) => body[p] !== undefined && body[p] !== null);
  if (parts.length > 1) throw new ExeScriptError(`${at}.atEnd: give at most one of head, tail, headTail`);
  const part = parts[0];
  if (part === undefined) return { stream: false, format, head: Number.POSITIVE_INFINITY, tail: 0 };
  const n = size(body[part], `${at}.atEnd.${part}`);
  if (part === "head") return { stream: false, format, head: n, tail: 0 };
  if (part === "tail") return { stream: false, format, head: 0, tail: n };
  const head = Math.ceil(n / 2);
  return { stream: false, format, head, tail: n - head };
}

function captureFormat(value: unknown, at: string): "str" | "bin" {
  if (value === undefined || value === null || value === "str" || value === "string") return "str";
  if (value === "bin" || value === "binary") return "bin";
  throw new ExeScriptError(
    `${at}: unknown variant ${JSON.stringify(value)}, expected \`str\`, \`string\`, \`bin\` or \`binary\``,
  );
}

function size(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ExeScriptError(`${at}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function stringList(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw new ExeScriptError(`${at}: expected an array of strings`);
  return value;
}

function stringMap(value: unknown, at: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === "string")) {
    throw new ExeScriptError(`${at}: expected an object of string values`);
  }
  return { ...(value as Record<string, string>) };
}

/** `volumes` is a list of paths, or a map from path to a volume kind (host, ram, storage). */
function volumes(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return stringList(value, at);
  if (isObject(value)) return Object.keys(value);
  throw new ExeScriptError(`${at}: expected an array of paths or an object keyed by path`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "sequence";
  if (typeof value === "object") return "map";
  return typeof value === "string" ? `string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;
}
