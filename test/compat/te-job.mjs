// A job for the unmodified peer SDK (@golem-sdk/task-executor 2.0.1 on golem-js 3.6),
// run in its own process (by run-te-job.ts, for the compat test and the benchmark),
// exactly as a golem-js user would run it; it times itself and measures its own CPU.
// Env: YAGNA_API_URL, YAGNA_APPKEY, GOLEM_REGISTRY_URL, TASKS, PAR, MODE (plain | gftp),
// WORKDIR, TASK_TIMEOUT_MS; for the benchmark also SEQUENTIAL=1 (each run() awaited
// before the next is submitted, timed in taskMs) and IDLE_MS (after the tasks, the
// executor holds its warm rental with nothing to do, 1 s and then that long; its CPU over
// the latter is idleCpuS).
// Prints one JSON line: {"results": [...], "runMs", "totalMs", "cpuS", "peakRssMb",
// "startRssMb", "taskMs"?, "idleCpuS"?} or {"error": "..."}.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TaskExecutor } from "@golem-sdk/task-executor";

const tasks = Number(process.env.TASKS ?? 20);
const mode = process.env.MODE ?? "plain";
const workdir = process.env.WORKDIR ?? process.cwd();
const sequential = process.env.SEQUENTIAL === "1";
const idleMs = Number(process.env.IDLE_MS ?? 0);
const cpuS = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};
const startRssMb = process.memoryUsage().rss / 2 ** 20;
const cpuStart = process.cpuUsage();
const started = performance.now();

const executor = await TaskExecutor.create({
  api: { url: process.env.YAGNA_API_URL, key: process.env.YAGNA_APPKEY },
  payment: { network: "holesky" },
  dataTransferProtocol: mode === "gftp" ? "gftp" : "ws",
  demand: { workload: { imageTag: "golem/alpine:latest" } },
  market: {
    rentHours: 0.5,
    pricing: { model: "linear", maxStartPrice: 0.5, maxCpuPerHourPrice: 1.0, maxEnvPerHourPrice: 0.5 },
  },
  task: {
    maxParallelTasks: Number(process.env.PAR ?? 4),
    taskTimeout: Number(process.env.TASK_TIMEOUT_MS ?? 60_000),
  },
  startupTimeout: 30_000,
  skipProcessSignals: true,
  enableLogging: false,
});

const task = (i) =>
  executor.run(async (exe) => {
    if (mode !== "gftp") return (await exe.run(`echo hello-${i}`)).stdout?.toString().trim();
    const input = join(workdir, `in-${i}.txt`);
    const output = join(workdir, `out-${i}.txt`);
    writeFileSync(input, `payload-${i}\n`);
    await exe.uploadFile(input, "/golem/input/in.txt");
    await exe.run("tr a-z A-Z < /golem/input/in.txt > /golem/output/out.txt");
    await exe.downloadFile("/golem/output/out.txt", output);
    return readFileSync(output, "utf8").trim();
  });

try {
  const extra = {};
  let results;
  if (sequential) {
    results = [];
    extra.taskMs = [];
    for (let i = 0; i < tasks; i++) {
      const t0 = performance.now();
      results.push(await task(i));
      extra.taskMs.push(performance.now() - t0);
    }
  } else {
    results = await Promise.all(Array.from({ length: tasks }, (_, i) => task(i)));
  }
  const runMs = performance.now() - started;
  if (idleMs > 0) {
    // The same 1 s settle as the benchmark's other drivers (IDLE_SETTLE_MS) before the window.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    globalThis.gc?.(); // as the other drivers: the tasks' garbage is not idling's
    const idleStart = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    extra.idleCpuS = cpuS(idleStart);
    extra.idleMs = idleMs;
  }
  await executor.shutdown();
  const totalMs = performance.now() - started;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({ results, runMs, totalMs, cpuS: cpuS(cpuStart), peakRssMb, startRssMb, ...extra }),
  );
} catch (err) {
  await executor.shutdown().catch(() => {});
  console.log(JSON.stringify({ error: String(err?.stack ?? err) }));
  process.exitCode = 1;
}
