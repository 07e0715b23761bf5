/**
 * The yatsapi driver: an `Executor` with `maxWorkers` = the number of providers, whose
 * worker runs one `/bin/echo` per task, in this process (with the devnet).
 */
import { Executor, repo, Task, type WorkerFunction } from "../../src/index.js";
import { cpuMeter } from "./cpu.js";
import type { DriverInput, DriverMeasure } from "./types.js";

const worker: WorkerFunction<number, string> = async function* (ctx, tasks) {
  for await (const task of tasks) {
    ctx.run("/bin/echo", [`hello-${task.data}`]);
    const [result] = yield ctx.commit({ timeoutMs: 60_000 });
    task.acceptResult(String(result?.stdout ?? "").trim());
  }
};

/**
 * Runs `input.tasks` echo tasks with yatsapi and measures them.
 *
 * @example
 * const m = await runYatsapi({ url: devnet.url, appKey: devnet.appKey, tasks: 100, workers: 10 });
 */
export async function runYatsapi(input: DriverInput): Promise<DriverMeasure> {
  const cpu = cpuMeter();
  const started = performance.now();
  const executor = new Executor({
    package: repo({ imageTag: "golem/alpine:latest", repoUrl: input.url }),
    budget: "10",
    subnetTag: "public",
    maxWorkers: input.workers,
    apiConfig: { url: input.url, appKey: input.appKey },
    eventConsumer: () => {},
  });
  let tasksOk = 0;
  let runMs = 0;
  try {
    const tasks = Array.from({ length: input.tasks }, (_, i) => new Task<number, string>(i));
    for await (const task of executor.submit(worker, tasks)) {
      if (task.result === `hello-${task.data}`) tasksOk++;
    }
    runMs = performance.now() - started;
  } finally {
    await executor.shutdown();
  }
  return { runMs, totalMs: performance.now() - started, tasksOk, cpuS: cpu(), cpuIncludesDevnet: true };
}
