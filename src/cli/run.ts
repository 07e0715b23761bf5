import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import { startDevnet } from "../../devnet/index.js";
import { intFlag, parseFlags, UsageError } from "./args.js";
import type { CliIo, Command } from "./command.js";
import { binDir } from "./version.js";

const USAGE = `Usage: yatsapi run [--providers N] [--seed S] [--devnet] [--inspect] <script> [-- <script args>]

Runs a TypeScript or JavaScript requestor script (e.g. examples/fractal.ts) in a child
node process (TypeScript through tsx). With YAGNA_APPKEY set, the script talks to that
daemon (YAGNA_API_URL). Without it, or with --devnet, an embedded devnet with simulated
providers is started in this process first, the script gets its YAGNA_API_URL,
YAGNA_APPKEY and GOLEM_REGISTRY_URL, and yatsapi's bin/ (its gftp) first on PATH; the
devnet stops when the script ends. The exit code is the script's.

Options:
  --providers N   simulated providers of the embedded devnet (default 4)
  --seed S        seed of the embedded devnet, to repeat a run
  --devnet        use an embedded devnet even when YAGNA_APPKEY is set
  --inspect       serve the live inspector (YATSAPI_INSPECT=1: its URL is printed) and
                  keep serving it after the run until Ctrl-C
  -h, --help      show this help

Examples:
  yatsapi run examples/hello.ts
  yatsapi run examples/fractal.ts -- --size 320x240 --out small.png`;

/** The script's own arguments: everything after the script or after `--`. */
function splitArgs(argv: string[]): { own: string[]; script: string | undefined; rest: string[] } {
  const own: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return { own, script: undefined, rest: argv.slice(i + 1) };
    if (!arg.startsWith("-")) {
      const rest = argv.slice(i + 1);
      return { own, script: arg, rest: rest[0] === "--" ? rest.slice(1) : rest };
    }
    own.push(arg);
    if ((arg === "--providers" || arg === "--seed") && i + 1 < argv.length) own.push(argv[++i]!);
  }
  return { own, script: undefined, rest: [] };
}

/** The `--import` argument that makes node run TypeScript, when tsx is installed. */
function tsxLoader(): string | undefined {
  try {
    return import.meta.resolve("tsx");
  } catch {
    return undefined;
  }
}

/** `yatsapi run <script>`: a requestor script on yagna or on an embedded devnet. */
export const runCommand: Command = {
  name: "run",
  summary: "run a requestor script (e.g. an example) on yagna or an embedded devnet",
  usage: USAGE,
  async run(argv, io) {
    const { own, script, rest } = splitArgs(argv);
    const { values } = parseFlags(
      own,
      {
        providers: { type: "string" },
        seed: { type: "string" },
        devnet: { type: "boolean" },
        inspect: { type: "boolean" },
      },
      0,
    );
    if (script === undefined) throw new UsageError("missing the script to run, e.g. examples/hello.ts");
    const file = resolve(script);
    if (!existsSync(file) || !statSync(file).isFile())
      throw new UsageError(`no script file at ${file}: give the path of a .ts or .js file`);
    const isTs = /\.[mc]?ts$/.test(file);
    const loader = tsxLoader();
    if (isTs && loader === undefined)
      throw new UsageError(`${script} is TypeScript and tsx is not installed: run \`npm install tsx\``);
    const providerCount =
      values.providers === undefined ? 4 : intFlag(values.providers, "--providers", 1, 50);
    const env: Record<string, string | undefined> = { ...(io.env ?? process.env) };
    if (values.inspect === true) {
      // The script's Executor starts the inspector; HOLD keeps its page served after the run.
      if (!env.YATSAPI_INSPECT || env.YATSAPI_INSPECT === "0") env.YATSAPI_INSPECT = "1";
      env.YATSAPI_INSPECT_HOLD = "1";
      io.stderr.write("yatsapi run: the inspector stays up after the run until Ctrl-C\n");
    }
    const embedded = values.devnet === true || !env.YAGNA_APPKEY;
    const devnet = embedded
      ? await startDevnet({
          port: 0,
          providerCount,
          ...(values.seed === undefined ? {} : { seed: values.seed }),
        })
      : undefined;
    try {
      if (devnet) {
        io.stderr.write(`yatsapi run: embedded devnet at ${devnet.url} with ${providerCount} providers\n`);
        env.YAGNA_API_URL = devnet.url;
        env.YAGNA_APPKEY = devnet.appKey;
        env.GOLEM_REGISTRY_URL = devnet.url;
        const bin = binDir();
        const path = env.PATH ?? process.env.PATH ?? "";
        if (bin !== undefined) env.PATH = path === "" ? bin : `${bin}${delimiter}${path}`;
      }
      return await runChild([...(loader ? ["--import", loader] : []), file, ...rest], env, io);
    } finally {
      await devnet?.stop();
    }
  },
};

/**
 * Runs node with `args`; output goes straight to this process's terminal when `io` is the
 * process (so the script sees a TTY), else it is copied into `io`. Ctrl-C reaches the
 * child, which ends; this process outlives it to stop the devnet.
 */
function runChild(args: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const toOut = io.stdout === process.stdout;
  const toErr = io.stderr === process.stderr;
  const child = spawn(process.execPath, args, {
    env,
    stdio: ["inherit", toOut ? "inherit" : "pipe", toErr ? "inherit" : "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => io.stdout.write(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => io.stderr.write(chunk.toString()));
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  return new Promise<number>((done, fail) => {
    child.on("error", (error) => {
      process.off("SIGINT", ignore);
      fail(error);
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", ignore);
      done(code ?? (signal === null ? 1 : 128 + (signal === "SIGINT" ? 2 : 15)));
    });
  });
}
