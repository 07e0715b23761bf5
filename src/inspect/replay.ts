/**
 * Replays a recorded run (`*.jsonl`) in the viewer page: the relay serves the page in
 * `replay` mode and publishes the recording's messages with their recorded spacing (scaled
 * by `speed`), starting when the first page connects, or all at once (`instant`).
 */
import type { InspectMessage } from "./protocol.js";
import { readRecording } from "./recording.js";
import { Relay } from "./relay.js";

export interface ReplayOptions {
  port?: number;
  host?: string;
  /** How many times faster than recorded. Default 1. */
  speed?: number;
  /** Publish everything at once. */
  instant?: boolean;
  /** The viewer page's folder (tests). */
  root?: string;
}

/** Gaps longer than this (ms, after `speed`) are shortened: an idle minute is not worth watching. */
const MAX_GAP_MS = 5_000;

/** A replay being served. */
export interface Replay {
  relay: Relay;
  /** Messages in the recording (without its `hello`). */
  count: number;
  /** Resolves once every message has been published. */
  finished: Promise<void>;
  close(): Promise<void>;
}

function timeOf(message: InspectMessage): number | undefined {
  return "at" in message ? message.at : undefined;
}

/**
 * Reads `file` (rejecting with an error naming the bad line) and serves its replay.
 *
 * @example
 * const replay = await startReplay("run.jsonl", { port: 0, speed: 4 });
 * console.log(replay.relay.url);
 */
export async function startReplay(file: string, opts: ReplayOptions = {}): Promise<Replay> {
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new RangeError(`speed: expected a number > 0, got ${speed}`);
  const [hello, ...recorded] = await readRecording(file);
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((done) => {
    finish = done;
  });
  const relay = await Relay.start({
    mode: "replay",
    // Times in the page are relative to the recorded run's start, not to the replay's.
    ...(hello === undefined ? {} : { startedAt: timeOf(hello.message) }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
    ...(opts.host === undefined ? {} : { host: opts.host }),
    ...(opts.root === undefined ? {} : { root: opts.root }),
    onViewer: () => {
      if (!started) play();
    },
  });
  let next = 0;
  let last: number | undefined;
  const play = (): void => {
    started = true;
    while (next < recorded.length) {
      const { message, line } = recorded[next]!;
      const at = timeOf(message);
      const gap = opts.instant || at === undefined || last === undefined ? 0 : (at - last) / speed;
      if (gap > 0) {
        last = at;
        timer = setTimeout(
          () => {
            relay.publish(message, line);
            next++;
            play();
          },
          Math.min(gap, MAX_GAP_MS),
        );
        return;
      }
      if (at !== undefined) last = at;
      relay.publish(message, line);
      next++;
    }
    finish();
  };
  if (opts.instant) play();
  return {
    relay,
    count: recorded.length,
    finished,
    async close() {
      if (timer !== undefined) clearTimeout(timer);
      await relay.close();
    },
  };
}
