/**
 * yapapi's `Work` protocol: what a worker yields. Each step may prepare on the requestor's
 * side (upload a file), registers its ExeScript commands, and may finish after the batch
 * (download a result). `Steps` is a batch of them, with an optional deadline.
 */
import type { JsonValue } from "../json.js";
import type { Destination, StorageProvider } from "../storage/index.js";

/** How a step reports a download, so that the root logs DownloadStarted/DownloadFinished. */
export type DownloadReporter = (phase: "started" | "finished", path: string) => void;

/**
 * One unit a worker yields: `prepare` before sending, `register` to add its commands,
 * `post` after the batch ran, `timeoutMs` for the batch.
 *
 * @example
 * const work: Work = ctx.commit({ timeoutMs: 60_000 });
 */
export interface Work {
  prepare(): Promise<void>;
  register(commands: JsonValue[]): void;
  post(): Promise<void>;
  readonly timeoutMs: number | undefined;
}

/**
 * A batch: several steps run as one script.
 *
 * @example
 * const batch = new Steps([new Run("/bin/echo", ["hi"], undefined, false)], 60_000);
 */
export class Steps implements Work {
  constructor(
    readonly steps: readonly Work[],
    readonly timeoutMs: number | undefined,
  ) {}

  async prepare(): Promise<void> {
    for (const step of this.steps) await step.prepare();
  }

  register(commands: JsonValue[]): void {
    for (const step of this.steps) step.register(commands);
  }

  async post(): Promise<void> {
    for (const step of this.steps) await step.post();
  }
}

abstract class Step implements Work {
  readonly timeoutMs = undefined;
  async prepare(): Promise<void> {}
  abstract register(commands: JsonValue[]): void;
  async post(): Promise<void> {}
}

/**
 * Uploads JSON and transfers it into the container.
 *
 * @example
 * new SendJson(storage, { frame: 3 }, "/golem/input/task.json");
 */
export class SendJson extends Step {
  #url: string | undefined;
  #data: JsonValue | undefined;

  constructor(
    readonly storage: () => Promise<StorageProvider>,
    data: JsonValue,
    readonly dst: string,
  ) {
    super();
    this.#data = data;
  }

  override async prepare(): Promise<void> {
    if (this.#url !== undefined) return;
    const bytes = new TextEncoder().encode(JSON.stringify(this.#data));
    this.#url = (await (await this.storage()).uploadBytes(bytes)).downloadUrl;
    // One-shot, as in yapapi: the data is not kept once uploaded.
    this.#data = undefined;
  }

  register(commands: JsonValue[]): void {
    commands.push({ transfer: { from: this.#url ?? "", to: `container:${this.dst}` } });
  }
}

/**
 * Uploads a local file and transfers it into the container.
 *
 * @example
 * new SendFile(storage, "./scene.blend", "/golem/resource/scene.blend");
 */
export class SendFile extends Step {
  #url: string | undefined;

  constructor(
    readonly storage: () => Promise<StorageProvider>,
    readonly src: string,
    readonly dst: string,
  ) {
    super();
  }

  override async prepare(): Promise<void> {
    this.#url ??= (await (await this.storage()).uploadFile(this.src)).downloadUrl;
  }

  register(commands: JsonValue[]): void {
    commands.push({ transfer: { from: this.#url ?? "", to: `container:${this.dst}` } });
  }
}

/**
 * Runs a command in the container, its output captured (streamed when asked).
 *
 * @example
 * new Run("/bin/sh", ["-c", "echo $MODE"], { MODE: "fast" }, true);
 */
export class Run extends Step {
  constructor(
    readonly cmd: string,
    readonly args: readonly string[],
    readonly env: Readonly<Record<string, string>> | undefined,
    readonly stream: boolean,
  ) {
    super();
  }

  register(commands: JsonValue[]): void {
    const capture = this.stream ? { stream: {} } : { atEnd: { format: "str" } };
    const run: Record<string, JsonValue> = {
      entry_point: this.cmd,
      args: [...this.args],
      capture: { stdout: capture, stderr: capture },
    };
    // yapapi 0.5 accepted env and dropped it; it is sent here.
    if (this.env) run.env = { ...this.env };
    commands.push({ run });
  }
}

/**
 * Transfers a file out of the container and downloads it to a local path.
 *
 * @example
 * new DownloadFile(storage, "/golem/output/out.png", "./out.png", report);
 */
export class DownloadFile extends Step {
  #destination: Destination | undefined;

  constructor(
    readonly storage: () => Promise<StorageProvider>,
    readonly src: string,
    readonly dst: string,
    readonly report: DownloadReporter,
  ) {
    super();
  }

  override async prepare(): Promise<void> {
    this.#destination ??= await (await this.storage()).newDestination(this.dst);
  }

  register(commands: JsonValue[]): void {
    commands.push({ transfer: { from: `container:${this.src}`, to: this.#destination?.uploadUrl ?? "" } });
  }

  /** gftp received the file while the batch ran; it is copied to `dst` unless received there. */
  override async post(): Promise<void> {
    this.report("started", this.src);
    await this.#destination?.downloadFile(this.dst);
    this.report("finished", this.dst);
  }
}
