import { existsSync, statSync } from "node:fs";
import { startReplay } from "../inspect/replay.js";
import { intFlag, parseFlags, textFlag, UsageError } from "./args.js";
import type { CliIo, Command } from "./command.js";

const USAGE = `Usage: yatsapi viz <run.jsonl> [--port N] [--host H] [--speed X | --instant]

Replays a recorded run in the inspector's viewer page: prints its URL and serves it
until Ctrl-C. The replay starts when the first page connects, with the recorded
spacing between messages (idle gaps shortened to 5 s). Record a run with
Executor({ inspect: { record: "run.jsonl" } }) or YATSAPI_INSPECT_RECORD=run.jsonl.

Options:
  --port N     port to serve on (default 0: any free port)
  --host H     address to bind (default 127.0.0.1)
  --speed X    play X times faster than recorded (default 1)
  --instant    show the end state at once, with the whole log
  -h, --help   show this help

Examples:
  yatsapi viz run.jsonl
  yatsapi viz run.jsonl --speed 10 --port 9333`;

function speedFlag(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`--speed must be a number greater than 0, not '${raw}'`);
  return n;
}

/** Resolves on Ctrl-C (tests give `io` without a process and never get here). */
function untilInterrupted(): Promise<void> {
  return new Promise((done) => process.once("SIGINT", () => done()));
}

/** `yatsapi viz <file.jsonl>`: replays a recorded run in the viewer page. */
export const vizCommand: Command = {
  name: "viz",
  summary: "replay a recorded run (.jsonl) in the inspector's viewer page",
  usage: USAGE,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseFlags(
      argv,
      {
        port: { type: "string" },
        host: { type: "string" },
        speed: { type: "string" },
        instant: { type: "boolean" },
      },
      1,
    );
    const file = positionals[0];
    if (file === undefined) throw new UsageError("missing the recording to replay, e.g. run.jsonl");
    if (!existsSync(file) || !statSync(file).isFile())
      throw new UsageError(
        `no recording at ${file}: give the path of a .jsonl file written with inspect.record`,
      );
    if (values.speed !== undefined && values.instant === true)
      throw new UsageError("give either --speed or --instant, not both");
    const replay = await startReplay(file, {
      ...(values.port === undefined ? {} : { port: intFlag(values.port, "--port", 0, 65535) }),
      ...(values.host === undefined ? {} : { host: textFlag(values.host, "--host") }),
      ...(values.speed === undefined ? {} : { speed: speedFlag(values.speed) }),
      ...(values.instant === true ? { instant: true } : {}),
    });
    io.stdout.write(`${replay.relay.url}\n`);
    io.stderr.write(
      `yatsapi viz: replaying ${replay.count} messages of ${file} at ${replay.relay.url} ` +
        `(${values.instant ? "all at once" : "when a page connects"}); Ctrl-C stops\n`,
    );
    await untilInterrupted();
    await replay.close();
    return 0;
  },
};
