/**
 * The smallest yatsapi program: three tasks, each an `echo` on some provider, results
 * printed as they come. `npx yatsapi run examples/hello.ts` (an embedded devnet when
 * YAGNA_APPKEY is unset).
 */
import { Executor, getVersion, repo, Task, type WorkerFunction } from "../src/index.js";
import { runOnDevnetOrYagna } from "./utils.js";

await runOnDevnetOrYagna(async ({ url, appKey, repoUrl }) => {
  console.log(`yatsapi ${getVersion()}`);
  await using executor = new Executor({
    package: repo({ imageTag: "golem/alpine:latest", repoUrl }),
    budget: "1.0",
    subnetTag: "public",
    apiConfig: { url, appKey },
  });
  const worker: WorkerFunction<string, string> = async function* (ctx, tasks) {
    for await (const task of tasks) {
      ctx.run("/bin/echo", [`hello, ${task.data}`]);
      const [result] = yield ctx.commit({ timeoutMs: 30_000 });
      task.acceptResult(`${String(result?.stdout ?? "").trim()} (${ctx.providerName})`);
    }
  };
  const names = ["world", "golem", "yatsapi"];
  for await (const task of executor.submit(
    worker,
    names.map((n) => new Task<string, string>(n)),
  ))
    console.log(task.result);
});
