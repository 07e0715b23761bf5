import { Decimal } from "decimal.js";
import { startDevnet } from "../../devnet/index.js";
import type { ComputationEvent } from "../events/index.js";
import type { WorkerFunction } from "../executor/index.js";
import { Executor } from "../executor/index.js";
import { repo } from "../package/index.js";
import { Task } from "../task.js";
import { intFlag, parseFlags } from "./args.js";
import type { CliIo, Command } from "./command.js";

const USAGE = `Usage: yatsapi demo [--rows N] [--providers N] [--seed S]

The main job, on an embedded devnet (no yagna needed): starts a local network with
simulated providers, renders the Mandelbrot set as text, one row per task, across
the providers with yatsapi's Executor, then prints the picture and what each
provider did and was paid. Everything is real: demand, negotiation, agreements,
activities running awk in a sandbox, debit notes, invoices and payments.

Options:
  --rows N        rows of the picture, one task each (default 24)
  --providers N   simulated providers (default 4)
  --seed S        seed of the devnet, to repeat a run
  -h, --help      show this help`;

const WIDTH = 72;

/** An awk program printing row `row` of `rows` of the Mandelbrot set, `WIDTH` characters wide. */
function mandelbrotRow(row: number, rows: number): string {
  return [
    "BEGIN {",
    `  y = -1.2 + 2.4 * ${row} / ${rows - 1}; line = ""; shades = " .:-=+*#%@"`,
    `  for (c = 0; c < ${WIDTH}; c++) {`,
    `    x0 = -2.1 + 2.7 * c / ${WIDTH - 1}; x = 0; yy = 0; i = 0`,
    "    while (x * x + yy * yy <= 4 && i < 60) { t = x * x - yy * yy + x0; yy = 2 * x * yy + y; x = t; i++ }",
    "    line = line substr(shades, int(i * 9 / 60) + 1, 1)",
    "  }",
    "  print line",
    "}",
  ].join("\n");
}

/** `yatsapi demo` (what `npm start` runs): a whole computation on an embedded devnet. */
export const demoCommand: Command = {
  name: "demo",
  summary: "run the main job (a Mandelbrot, row by row) on an embedded devnet",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseFlags(
      argv,
      { rows: { type: "string" }, providers: { type: "string" }, seed: { type: "string" } },
      0,
    );
    const rows = values.rows === undefined ? 24 : intFlag(values.rows, "--rows", 2, 200);
    const providerCount =
      values.providers === undefined ? 4 : intFlag(values.providers, "--providers", 1, 50);
    io.stderr.write(`starting an embedded devnet with ${providerCount} providers...\n`);
    const devnet = await startDevnet({
      port: 0,
      providerCount,
      ...(values.seed === undefined ? {} : { seed: values.seed }),
    });
    const providerOf = new Map<string, string>();
    const paid = new Map<string, Decimal>();
    const done = new Map<string, number>();
    const onEvent = (e: ComputationEvent) => {
      if (e.type === "AgreementCreated") providerOf.set(e.agrId, e.providerInfo.name ?? e.providerId);
      if (e.type === "PaymentAccepted") {
        const name = providerOf.get(e.agrId) ?? e.agrId.slice(0, 8);
        paid.set(name, (paid.get(name) ?? new Decimal(0)).plus(e.amount));
      }
    };
    try {
      const executor = new Executor({
        package: repo({ imageTag: "golem/alpine:latest", repoUrl: devnet.url }),
        budget: "1.0",
        maxWorkers: providerCount,
        subnetTag: "public",
        apiConfig: { url: devnet.url, appKey: devnet.appKey },
        eventConsumer: onEvent,
      });
      const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
        for await (const task of tasks) {
          ctx.run("/bin/sh", ["-c", `awk '${mandelbrotRow(task.data, rows)}'`]);
          const [result] = yield ctx.commit({ timeoutMs: 60_000 });
          done.set(ctx.providerName, (done.get(ctx.providerName) ?? 0) + 1);
          task.acceptResult(String(result?.stdout ?? "").trimEnd());
        }
      };
      const picture: string[] = new Array(rows).fill("");
      const started = Date.now();
      let finished = 0;
      try {
        const tasks = Array.from({ length: rows }, (_, row) => new Task<number, string>(row));
        for await (const task of executor.submit(worker, tasks)) {
          picture[task.data] = task.result ?? "";
          finished++;
          if (process.stderr.isTTY && io.stderr === process.stderr)
            io.stderr.write(`\rrows done: ${finished}/${rows}`);
        }
      } finally {
        await executor.shutdown();
      }
      if (process.stderr.isTTY && io.stderr === process.stderr) io.stderr.write("\n");
      io.stdout.write(`${picture.join("\n")}\n\n`);
      report(io, done, paid, Date.now() - started);
      return 0;
    } finally {
      await devnet.stop();
    }
  },
};

function report(io: CliIo, done: Map<string, number>, paid: Map<string, Decimal>, ms: number): void {
  const names = [...new Set([...done.keys(), ...paid.keys()])].sort();
  io.stdout.write(`computed in ${(ms / 1000).toFixed(1)} s on ${names.length} providers:\n`);
  let total = new Decimal(0);
  for (const name of names) {
    const cost = paid.get(name) ?? new Decimal(0);
    total = total.plus(cost);
    io.stdout.write(
      `  ${name.padEnd(12)} ${String(done.get(name) ?? 0).padStart(4)} rows  ${cost.toFixed(9)} tGLM paid\n`,
    );
  }
  io.stdout.write(`  ${"total".padEnd(12)} ${" ".repeat(9)} ${total.toFixed(9)} tGLM paid\n`);
}
