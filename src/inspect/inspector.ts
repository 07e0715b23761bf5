/**
 * The live inspector of one Executor: the sink (xstate's observer), the state cache, the
 * relay serving the viewer page, and the optional recording. It is usable at once
 * (`inspect` queues) while the relay starts in the background; `ready` gives its URL.
 */
import type { InspectionEvent } from "xstate";
import { packageVersion } from "../cli/version.js";
import { getLogger, isLoggingEnabled } from "../log/loggers.js";
import { type HelloMessage, type InspectMessage, PROTOCOL_VERSION } from "./protocol.js";
import { Recorder } from "./recording.js";
import { Secrets } from "./redact.js";
import { Relay } from "./relay.js";
import { InspectSink } from "./sink.js";
import { StateCache } from "./state-cache.js";

export interface InspectorOptions {
  port?: number;
  host?: string;
  record?: string;
  /** Strings never to show (the app key). */
  secrets?: string[];
  /** The folder of the viewer page (tests). Default: the package's visualizations/viewer. */
  root?: string;
  /** Whether the relay keeps the process alive. Default false: it never holds a script up. */
  keepAlive?: boolean;
  /** Where the URL is announced. Default: the `yatsapi.inspect` logger, or stderr while logging is off. */
  announce?: (text: string) => void;
}

/**
 * The inspector: give `inspect` to xstate, open `url` in a browser.
 *
 * @example
 * const inspector = new Inspector({ port: 0, secrets: [appKey] });
 * createActor(machine, { inspect: inspector.inspect }).start();
 * console.log(await inspector.ready); // http://127.0.0.1:40123/
 * await inspector.close();
 */
export class Inspector {
  readonly secrets = new Secrets();
  readonly cache = new StateCache();
  readonly sink: InspectSink;
  /** Resolves with the page's URL once the relay listens; rejects when it cannot. */
  readonly ready: Promise<string>;
  readonly #recorder: Recorder | undefined;
  #relay: Relay | undefined;
  #closing: Promise<void> | undefined;

  constructor(opts: InspectorOptions = {}) {
    for (const secret of opts.secrets ?? []) this.secrets.add(secret);
    this.sink = new InspectSink({ secrets: this.secrets, consumer: (messages) => this.publish(messages) });
    if (opts.record !== undefined) {
      this.#recorder = new Recorder(opts.record);
      const hello: HelloMessage = {
        t: "hello",
        v: PROTOCOL_VERSION,
        mode: "live",
        at: Date.now(),
        sdk: packageVersion(),
      };
      this.#recorder.write(JSON.stringify(hello));
    }
    this.ready = Relay.start({
      mode: "live",
      cache: this.cache,
      keepAlive: opts.keepAlive ?? false,
      ...(opts.port === undefined ? {} : { port: opts.port }),
      ...(opts.host === undefined ? {} : { host: opts.host }),
      ...(opts.root === undefined ? {} : { root: opts.root }),
    }).then((relay) => {
      this.#relay = relay;
      if (this.#closing !== undefined) void relay.close();
      (opts.announce ?? announce)(`yatsapi inspector: ${relay.url}`);
      return relay.url;
    });
    // A failed start is reported by whoever awaits `ready`; it must not crash the process.
    this.ready.catch(() => undefined);
  }

  /** The observer to give xstate. */
  get inspect(): (event: InspectionEvent) => void {
    return this.sink.inspect;
  }

  /** The page's URL, once the relay listens. */
  get url(): string | undefined {
    return this.#relay?.url;
  }

  get relay(): Relay | undefined {
    return this.#relay;
  }

  /** Serialises messages once (guarded against secrets) and hands them to the cache, pages and file. */
  publish(messages: InspectMessage[]): void {
    for (const message of messages) {
      const line = this.secrets.guardLine(JSON.stringify(message));
      if (this.#relay !== undefined) this.#relay.publish(message, line);
      else this.cache.add(message, line);
      this.#recorder?.write(line);
    }
  }

  /** Keeps the process alive for the page after the run (until Ctrl-C). */
  hold(): void {
    this.#relay?.keepAlive(true);
  }

  /** Delivers what is queued, closes the recording and the relay. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.sink.close();
      await this.#relay?.close();
      await this.#recorder?.close();
    })();
    return this.#closing;
  }

  /** Delivers what is queued and waits until the recording holds it, leaving the page served. */
  async flush(): Promise<void> {
    this.sink.drain();
    await this.#recorder?.flush();
  }
}

function announce(text: string): void {
  const logger = getLogger("yatsapi.inspect");
  if (isLoggingEnabled(logger, "info")) logger.info(text);
  else process.stderr.write(`${text}\n`);
}
