/**
 * How big each scenario is, in full runs (`npm run bench`, sized to finish within 15
 * minutes on 2 cores) and in the quick smoke mode (`-- --quick`, under 2 minutes).
 */

/** The sizes of every scenario of one run. */
export interface BenchPlan {
  quick: boolean;
  throughput: { tasks: number; providers: number; rounds: number };
  /** Tasks timed per driver and round (golem-js resolves each on a 2 s tick: fewer). */
  latency: { tasks: number; golemJsTasks: number; warmup: number; rounds: number };
  /** The idle window, and how many (the median is taken: idle CPU is noisy). */
  idle: { ms: number; rounds: number };
  scale: { queuedTasks: number; providers: number; offersPerProvider: number; rounds: number };
  /** Task counts; golem-js and the baseline only up to their maxima (time). */
  growth: { sizes: number[]; golemJsMax: number; baselineMax: number };
  inspector: { tasks: number; rounds: number };
}

/**
 * The plan of a full or a quick run.
 *
 * @example
 * benchPlan(true).throughput.tasks; // 100
 */
export function benchPlan(quick: boolean): BenchPlan {
  if (quick) {
    return {
      quick,
      throughput: { tasks: 100, providers: 10, rounds: 1 },
      latency: { tasks: 10, golemJsTasks: 3, warmup: 2, rounds: 1 },
      idle: { ms: 5_000, rounds: 1 },
      scale: { queuedTasks: 100_000, providers: 50, offersPerProvider: 20, rounds: 1 },
      growth: { sizes: [20, 100], golemJsMax: 100, baselineMax: 100 },
      inspector: { tasks: 100, rounds: 1 },
    };
  }
  return {
    quick,
    throughput: { tasks: 1000, providers: 10, rounds: 2 },
    latency: { tasks: 50, golemJsTasks: 10, warmup: 2, rounds: 2 },
    idle: { ms: 30_000, rounds: 3 },
    scale: { queuedTasks: 100_000, providers: 500, offersPerProvider: 20, rounds: 2 },
    growth: { sizes: [100, 1000, 10_000], golemJsMax: 1000, baselineMax: 10_000 },
    inspector: { tasks: 1000, rounds: 2 },
  };
}
