/**
 * The yatsapi driver's throughput and latency jobs: an `Executor` whose worker runs one
 * `/bin/echo` per task, in the driver process (the devnet runs in its own).
 */
import { Executor, repo, Task, type WorkerFunction } from "../../src/index.js";
import type { JobInput, JobReport } from "./types.js";

/**
 * The bench's worker: one `echo hello-<n>` per task, its output as the result.
 *
 * @example
 * for await (const task of executor.submit(echoWorker, echoTasks(10))) console.log(task.result);
 */
export const echoWorker: WorkerFunction<number, string> = async function* (ctx, tasks) {
  for await (const task of tasks) {
    ctx.run("/bin/echo", [`hello-${task.data}`]);
    const [result] = yield ctx.commit({ timeoutMs: 60_000 });
    task.acceptResult(String(result?.stdout ?? "").trim());
  }
};

/**
 * An executor on the job's devnet with `maxWorkers` = `input.workers` and no event log;
 * the live inspector serves on a free port of 127.0.0.1 when `input.inspect`, and is off
 * otherwise (whatever YATSAPI_INSPECT says).
 *
 * @example
 * const executor = benchExecutor(input, { eventConsumer: (e) => seen.push(e.type) });
 */
export function benchExecutor(
  input: JobInput,
  extra: Pick<ConstructorParameters<typeof Executor>[0], "eventConsumer"> = {},
): Executor {
  return new Executor({
    package: repo({ imageTag: "golem/alpine:latest", repoUrl: input.url }),
    budget: "10",
    subnetTag: "public",
    maxWorkers: input.workers,
    apiConfig: { url: input.url, appKey: input.appKey },
    eventConsumer: () => {},
    inspect: input.inspect ? { port: 0 } : false,
    ...extra,
  });
}

/**
 * `count` tasks numbered from 0.
 *
 * @example
 * echoTasks(3).map((t) => t.data); // [0, 1, 2]
 */
export function echoTasks(count: number): Task<number, string>[] {
  return Array.from({ length: count }, (_, i) => new Task<number, string>(i));
}

/**
 * Throughput: `input.tasks` echo tasks over `input.workers` providers.
 *
 * @example
 * const r = await yatsapiThroughput({ url, appKey, tasks: 100, workers: 10 });
 */
export async function yatsapiThroughput(input: JobInput): Promise<Partial<JobReport>> {
  const started = performance.now();
  const executor = benchExecutor(input);
  let tasksOk = 0;
  let lastAt = started;
  try {
    // With inspection on, the inspector must really serve (the run measures its cost).
    if (input.inspect && !(await executor.inspector?.ready))
      throw new Error("yatsapi throughput: inspect was asked for but no inspector started");
    for await (const task of executor.submit(echoWorker, echoTasks(input.tasks))) {
      lastAt = performance.now();
      if (task.result === `hello-${task.data}`) tasksOk++;
    }
  } finally {
    await executor.shutdown();
  }
  // The loop ends once the computation has shut down: the last result marks the run's end.
  return { runMs: lastAt - started, totalMs: performance.now() - started, tasksOk };
}

/**
 * Latency: one worker on one provider takes the tasks one at a time on its warm activity;
 * each measured task's time is the interval between its result and the previous one, as
 * the caller of `submit()` sees them (the first `warmup` tasks pay for the agreement and
 * the deployment and are left out).
 *
 * @example
 * const { taskMs } = await yatsapiLatency({ url, appKey, tasks: 50, workers: 1, warmup: 3 });
 */
export async function yatsapiLatency(input: JobInput): Promise<Partial<JobReport>> {
  const warmup = Math.max(1, input.warmup ?? 1);
  const started = performance.now();
  const executor = benchExecutor({ ...input, workers: 1 });
  const done: number[] = [];
  let tasksOk = 0;
  try {
    for await (const task of executor.submit(echoWorker, echoTasks(warmup + input.tasks))) {
      done.push(performance.now());
      if (task.result === `hello-${task.data}`) tasksOk++;
    }
  } finally {
    await executor.shutdown();
  }
  const taskMs = done.slice(warmup).map((t, i) => t - done[warmup - 1 + i]!);
  return { runMs: done.at(-1)! - started, totalMs: performance.now() - started, tasksOk, taskMs };
}
