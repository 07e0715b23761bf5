import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { BUILTIN_IMAGES, ImageStore } from "../../devnet/images/index.js";
import type { Devnet, DevnetOptions } from "../../devnet/index.js";
import { accountParts } from "../../devnet/payment/platform.js";
import { intFlag, parseFlags, textFlag, UsageError } from "./args.js";
import type { CliIo, Command } from "./command.js";
import { loadDevnetConfig } from "./devnet-options.js";
import { binDir } from "./version.js";

const USAGE = `Usage: yatsapi devnet [options]

Starts a local yagna-compatible daemon with simulated providers that really run
commands, and serves until Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port N          port to listen on; 0 picks a free one (default 7465)
  --host ADDR       address to bind (default 127.0.0.1)
  --providers N     how many default providers to simulate (default 4)
  --config FILE     a JSON file of devnet options: providers with prices, faults
                    and limits, accounts, ... (see devnet/config.ts); the flags
                    above override its port, host, seed, app key and data dir
  --seed S          seed for ids and injected faults, to repeat a run (default random)
  --app-key KEY     the app key clients must send (default random)
  --data-dir DIR    where provider sandboxes live (default a temporary folder,
                    removed on exit)
  --verbose         print what the devnet does on stderr
  -h, --help        show this help

Prints on stdout, one per line, the environment a requestor needs:
  export YAGNA_API_URL=http://127.0.0.1:7465
  export YAGNA_APPKEY=<key>
  export GOLEM_REGISTRY_URL=http://127.0.0.1:7465
then describes what it serves on stderr. Images come from the image store shared
with \`yatsapi image build\` ($YATSAPI_IMAGE_STORE, default ~/.cache/yatsapi/images).`;

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  providers: { type: "string" },
  config: { type: "string" },
  seed: { type: "string" },
  "app-key": { type: "string" },
  "data-dir": { type: "string" },
  verbose: { type: "boolean" },
} as const;

/** The devnet options the command line asks for: the config file, then the flags over it. */
function optionsFrom(argv: string[], io: CliIo): DevnetOptions {
  const { values } = parseFlags(argv, FLAGS);
  if (values.config !== undefined && values.providers !== undefined) {
    throw new UsageError("give either --providers or --config (list the providers in the config file)");
  }
  const options: DevnetOptions = values.config !== undefined ? loadDevnetConfig(values.config) : {};
  if (values.port !== undefined) options.port = intFlag(values.port, "--port", 0, 65535);
  if (values.host !== undefined) options.host = textFlag(values.host, "--host");
  if (values.providers !== undefined)
    options.providerCount = intFlag(values.providers, "--providers", 0, 1000);
  if (values.seed !== undefined) options.seed = textFlag(values.seed, "--seed");
  if (values["app-key"] !== undefined) {
    options.appKey = textFlag(values["app-key"], "--app-key");
    if (/\s/.test(options.appKey)) throw new UsageError("--app-key must not contain spaces");
  }
  if (values["data-dir"] !== undefined) options.dataDir = textFlag(values["data-dir"], "--data-dir");
  // A seed is always chosen here, so that it can be printed and the run repeated.
  options.seed ??= randomBytes(4).toString("hex");
  if (values.verbose) options.log = (line) => io.stderr.write(`${line}\n`);
  return options;
}

function glm(amount: number): string {
  return `${Number(amount.toPrecision(4))} GLM`;
}

/** What the devnet serves, for the person who started it. */
function describeServing(devnet: Devnet, options: DevnetOptions): string {
  const ctx = devnet.context;
  const lines = [`yatsapi devnet listening on ${devnet.url}, seed "${options.seed}"`];
  lines.push(`requestor ${devnet.identity} (app key name "${ctx.requestor.name}")`);
  lines.push(`providers (${ctx.providers.length}):`);
  for (const p of ctx.providers) {
    const { prices, subnet, cpuThreads, memGib } = p.config;
    lines.push(
      `  ${p.name.padEnd(10)} ${p.id}  subnet ${subnet}, ${cpuThreads} threads, ${memGib} GiB; ` +
        `start ${glm(prices.start)}, ${glm(prices.cpuSec * 3600)} per CPU hour, ${glm(prices.durationSec * 3600)} per hour`,
    );
  }
  lines.push(
    `payment platforms: ${ctx.requestor.accounts.map((a) => `${a.platform} (${a.balance} ${accountParts(a.platform).token})`).join(", ")}`,
  );
  lines.push(
    `images: ${BUILTIN_IMAGES.map((i) => i.tag).join(", ")} built in, and any \`yatsapi image build\` puts in ${ImageStore.defaultRoot()}`,
  );
  const bin = binDir();
  if (bin) lines.push(`gftp: requestors that spawn \`gftp server\` need ${bin} on their PATH`);
  if (devnet.confinement === "none") {
    lines.push(
      `confinement: none: provider commands run unconfined, as the current user (${userInfo().username}), on this machine`,
    );
  } else {
    lines.push("confinement: bwrap: provider commands run in a bubblewrap sandbox per activity");
  }
  const host = options.host ?? "127.0.0.1";
  if (host !== "127.0.0.1" && host !== "::1" && host !== "localhost") {
    lines.push(
      `warning: listening on ${host}: anyone who reaches this port and has the app key can run commands here`,
    );
  }
  lines.push("press Ctrl+C to stop");
  return `${lines.join("\n")}\n`;
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/** `yatsapi devnet`: runs the devnet in the foreground. */
export const devnetCommand: Command = {
  name: "devnet",
  summary: "run a local yagna-compatible daemon with simulated providers",
  usage: USAGE,
  async run(argv, io) {
    const options = optionsFrom(argv, io);
    if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
    const stopped = stopSignal();
    // Loaded here, so that other commands (gftp, spawned per requestor) start fast.
    const { startDevnet } = await import("../../devnet/index.js");
    let devnet: Devnet;
    try {
      devnet = await startDevnet(options);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE")
        throw new Error(`port ${options.port ?? 7465} is in use: pass --port 0 or another free port`);
      if (code === "EADDRNOTAVAIL")
        throw new Error(`cannot listen on ${options.host}: it is not an address of this machine`);
      throw err;
    }
    io.stdout.write(
      `export YAGNA_API_URL=${devnet.url}\nexport YAGNA_APPKEY=${devnet.appKey}\nexport GOLEM_REGISTRY_URL=${devnet.url}\n`,
    );
    io.stderr.write(describeServing(devnet, options));
    const signal = await stopped;
    io.stderr.write(`${signal}: stopping the devnet\n`);
    await devnet.stop();
    return 0;
  },
};
