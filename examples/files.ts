/**
 * Files both ways: each task sends a local text file to a provider, which transforms it
 * (upper-cases it and counts its lines), and the result file is downloaded and checked
 * against the same transformation done locally.
 *
 *   npx yatsapi run examples/files.ts
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Executor, repo, Task, type WorkerFunction } from "../src/index.js";
import { runOnDevnetOrYagna } from "./utils.js";

const POEMS = [
  "the network hums\nproviders wake\ntasks find their way\n",
  "bytes go out\nbytes come back\nnothing lost\n",
  "one line\n",
];

/** What the provider is asked to do, done here to check its answer. */
function expected(text: string): string {
  return `${text.toUpperCase()}lines: ${text.split("\n").length - 1}\n`;
}

await runOnDevnetOrYagna(async ({ url, appKey, repoUrl }) => {
  const dir = await mkdtemp(join(tmpdir(), "yatsapi-files-"));
  try {
    await using executor = new Executor({
      package: repo({ imageTag: "golem/alpine:latest", repoUrl }),
      budget: "1.0",
      subnetTag: "public",
      apiConfig: { url, appKey },
    });
    const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
      for await (const task of tasks) {
        const input = join(dir, `in-${task.data}.txt`);
        const output = join(dir, `out-${task.data}.txt`);
        await writeFile(input, POEMS[task.data]!);
        ctx.sendFile(input, "/golem/input/in.txt");
        ctx.run("/bin/sh", [
          "-c",
          "tr a-z A-Z < /golem/input/in.txt > /golem/output/out.txt && " +
            "awk 'END { print \"lines: \" NR }' /golem/input/in.txt >> /golem/output/out.txt",
        ]);
        ctx.downloadFile("/golem/output/out.txt", output);
        yield ctx.commit({ timeoutMs: 30_000 });
        task.acceptResult(await readFile(output, "utf8"));
      }
    };
    const tasks = POEMS.map((_, i) => new Task<number, string>(i));
    let failures = 0;
    for await (const task of executor.submit(worker, tasks)) {
      const ok = task.result === expected(POEMS[task.data]!);
      if (!ok) failures++;
      console.log(
        `file ${task.data}: ${ok ? "ok" : "MISMATCH"}, ${POEMS[task.data]!.length} bytes sent, ${task.result?.length ?? 0} received`,
      );
    }
    if (failures > 0) throw new Error(`${failures} files came back wrong`);
    console.log(`all ${tasks.length} files went out and came back transformed`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
