// The golem-js driver's job: the unmodified peer SDK (@golem-sdk/task-executor 2.0.1 on
// golem-js 3.6) runs TASKS one-`echo` tasks, submitted at once, with PAR parallel tasks,
// set up as test/compat/te-job.mjs does. It times itself and measures its own CPU.
// Env: YAGNA_API_URL, YAGNA_APPKEY, GOLEM_REGISTRY_URL, TASKS, PAR.
// Prints one JSON line: {"runMs","totalMs","tasksOk","cpuS"} or {"error": "..."}.
import { TaskExecutor } from "@golem-sdk/task-executor";

const tasks = Number(process.env.TASKS ?? 100);
const cpuStart = process.cpuUsage();
const started = performance.now();

const executor = await TaskExecutor.create({
  api: { url: process.env.YAGNA_API_URL, key: process.env.YAGNA_APPKEY },
  payment: { network: "holesky" },
  demand: { workload: { imageTag: "golem/alpine:latest" } },
  market: {
    rentHours: 0.5,
    pricing: { model: "linear", maxStartPrice: 0.5, maxCpuPerHourPrice: 1.0, maxEnvPerHourPrice: 0.5 },
  },
  task: { maxParallelTasks: Number(process.env.PAR ?? 10), taskTimeout: 120_000 },
  startupTimeout: 30_000,
  skipProcessSignals: true,
  enableLogging: false,
});

try {
  const results = await Promise.all(
    Array.from({ length: tasks }, (_, i) =>
      executor.run(async (exe) => (await exe.run(`echo hello-${i}`)).stdout?.toString().trim()),
    ),
  );
  const runMs = performance.now() - started;
  await executor.shutdown();
  const cpu = process.cpuUsage(cpuStart);
  const tasksOk = results.filter((r, i) => r === `hello-${i}`).length;
  const totalMs = performance.now() - started;
  console.log(JSON.stringify({ runMs, totalMs, tasksOk, cpuS: (cpu.user + cpu.system) / 1e6 }));
} catch (err) {
  await executor.shutdown().catch(() => {});
  console.log(JSON.stringify({ error: String(err?.stack ?? err) }));
  process.exitCode = 1;
}
