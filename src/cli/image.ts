import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ImageStore } from "../../devnet/images/index.js";
import { normaliseTag } from "../../devnet/images/manifest.js";
import { parseFlags, UsageError } from "./args.js";
import type { CliIo, Command } from "./command.js";

const USAGE = `Usage: yatsapi image build <dir> [--tag name:version]
       yatsapi image list

build  copies a folder into the image store and prints its hash (SHA3-224 of the
       folder's sorted paths, modes and contents: the same folder always gives the
       same hash). An image.json in the folder may give {"tag": "name:version",
       "env": {"NAME": "value"}}; --tag overrides its tag.
list   prints each tag and the hash it points to.

The store is $YATSAPI_IMAGE_STORE (default ~/.cache/yatsapi/images); running
devnets serve what is built there at once, by tag (GOLEM_REGISTRY_URL pointed at
the devnet) or by hash (hash:sha3:<hash>:<devnet url>/v1/image/download?hash=<hash>).`;

async function build(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, { tag: { type: "string" } }, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UsageError("missing the folder to build: yatsapi image build <dir>");
  let tag: string | undefined;
  if (values.tag !== undefined) {
    const checked = normaliseTag(values.tag);
    if ("error" in checked) throw new UsageError(checked.error);
    tag = checked.tag;
  }
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`${dir} is not a folder`);
  const store = new ImageStore(ImageStore.defaultRoot());
  const image = await store.build(resolve(dir), tag === undefined ? {} : { tag });
  const devnetUrl = (process.env.YAGNA_API_URL || "http://127.0.0.1:7465").replace(/\/+$/, "");
  io.stdout.write(`${image.hash}\n`);
  io.stderr.write(
    [
      `built ${dir} into ${image.dir}${image.tag ? ` as ${image.tag}` : ""}`,
      `task package: hash:sha3:${image.hash}:${devnetUrl}/v1/image/download?hash=${image.hash}`,
      image.tag
        ? `golem-js: demand.workload.imageTag "${image.tag}" with GOLEM_REGISTRY_URL=${devnetUrl}`
        : `golem-js: demand.workload.imageHash "${image.hash}" with GOLEM_REGISTRY_URL=${devnetUrl}`,
      "",
    ].join("\n"),
  );
  return 0;
}

async function list(argv: string[], io: CliIo): Promise<number> {
  parseFlags(argv, {});
  const store = new ImageStore(ImageStore.defaultRoot());
  for (const { tag, hash } of await store.tags()) io.stdout.write(`${tag}\t${hash}\n`);
  return 0;
}

/** `yatsapi image`: builds and lists devnet images. */
export const imageCommand: Command = {
  name: "image",
  summary: "build a folder into a devnet image, or list the image store",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "build") return build(rest, io);
    if (sub === "list") return list(rest, io);
    throw new UsageError(
      sub === undefined ? "missing subcommand: build or list" : `unknown subcommand '${sub}'`,
    );
  },
};
