/**
 * When each task ran where: a per-task history of states built from task snapshots, joined
 * with the worker → provider names the computation and agreements report, and the same runs
 * grouped per provider. Pure (no DOM); history survives a resync of the same run.
 */

/**
 * One stretch of time a task spent in one state (on one worker).
 * @typedef {object} Segment
 * @property {string} state `queued`, `assigned`, `running`, `accepted`, `failed`, ...
 * @property {number} from
 * @property {number | undefined} to undefined while it lasts
 * @property {string | undefined} workerId
 */

/**
 * @typedef {object} TaskTimeline
 * @property {string} id the task actor's id
 * @property {string} name
 * @property {Segment[]} segments
 * @property {number} retries
 * @property {string | undefined} reason the latest rejection or failure reason
 */

/**
 * One run of a task on a provider, from assignment to its end.
 * @typedef {object} Run
 * @property {string} task the task actor's name
 * @property {number} from
 * @property {number | undefined} to
 * @property {"running" | "accepted" | "failed" | "requeued"} result
 */

/** Tasks kept; beyond it the oldest finished tasks are forgotten. */
const MAX_TASKS = 20_000;

const WORKING = new Set(["assigned", "running"]);

/**
 * Task and provider timelines of one run.
 *
 * @example
 * const timelines = new Timelines();
 * timelines.providers({ "worker-1": { providerName: "alpha" } });
 * timelines.task("x:9", "task:1", { state: "running", at: 1000, workerId: "worker-1", retries: 0 });
 * timelines.byProvider(); // Map { "alpha" => [{ task: "task:1", from: 1000, result: "running" }] }
 */
export class Timelines {
  /** @type {Map<string, TaskTimeline>} */
  #tasks = new Map();
  /** @type {Map<string, string>} worker id → provider name */
  #workers = new Map();

  /**
   * Records a task's state at a snapshot; a new segment starts when the state or worker changes.
   * @param {string} id
   * @param {string} name
   * @param {{ state: string, at: number, workerId?: string | undefined, retries?: number | undefined, reason?: string | undefined }} snap
   * @returns {boolean} whether anything changed
   */
  task(id, name, snap) {
    let timeline = this.#tasks.get(id);
    if (timeline === undefined) {
      timeline = { id, name, segments: [], retries: 0, reason: undefined };
      this.#tasks.set(id, timeline);
      if (this.#tasks.size > MAX_TASKS) this.#forgetOldest();
    }
    timeline.name = name;
    if (snap.retries !== undefined) timeline.retries = snap.retries;
    if (snap.reason !== undefined) timeline.reason = snap.reason;
    const last = timeline.segments.at(-1);
    if (last !== undefined && last.state === snap.state && last.workerId === snap.workerId) return false;
    // A resync replays the current snapshot: an older time never reopens history.
    if (last !== undefined && snap.at < last.from) return false;
    if (last !== undefined) last.to = snap.at;
    timeline.segments.push({ state: snap.state, from: snap.at, to: undefined, workerId: snap.workerId });
    return true;
  }

  /**
   * Learns worker → provider names from a computation's `workers` projection or an
   * agreement's context (`workerId` + `providerName`); tolerates missing fields.
   * @param {unknown} workers a record of worker id → `{ providerName }`
   * @returns {boolean} whether a new name was learnt
   */
  providers(workers) {
    if (typeof workers !== "object" || workers === null) return false;
    let learnt = false;
    for (const [workerId, info] of Object.entries(workers)) {
      const name =
        typeof info === "object" && info !== null
          ? /** @type {{ providerName?: unknown }} */ (info).providerName
          : undefined;
      if (typeof name === "string" && this.#workers.get(workerId) !== name) {
        this.#workers.set(workerId, name);
        learnt = true;
      }
    }
    return learnt;
  }

  /**
   * The provider a worker runs on, or the worker id until its name is known.
   * @param {string} workerId
   * @returns {string}
   */
  providerOf(workerId) {
    return this.#workers.get(workerId) ?? workerId;
  }

  /** @returns {TaskTimeline[]} every task, in order of first appearance */
  tasks() {
    return [...this.#tasks.values()];
  }

  /**
   * Each provider's task runs, in time order: a run starts when a task is assigned to one of
   * its workers and ends when the task is accepted, fails or goes back to the queue.
   * @returns {Map<string, Run[]>}
   */
  byProvider() {
    /** @type {Map<string, Run[]>} */
    const out = new Map();
    for (const timeline of this.#tasks.values()) {
      const segs = timeline.segments;
      for (let i = 0; i < segs.length; i++) {
        const seg = /** @type {Segment} */ (segs[i]);
        if (!WORKING.has(seg.state) || seg.workerId === undefined) continue;
        // An assigned segment followed by running on the same worker is one run.
        if (i > 0 && WORKING.has(segs[i - 1]?.state ?? "") && segs[i - 1]?.workerId === seg.workerId)
          continue;
        let end = i;
        while (WORKING.has(segs[end + 1]?.state ?? "") && segs[end + 1]?.workerId === seg.workerId) end++;
        const after = segs[end + 1];
        /** @type {Run["result"]} */
        const result =
          after === undefined
            ? "running"
            : after.state === "accepted"
              ? "accepted"
              : after.state === "failed"
                ? "failed"
                : "requeued";
        const provider = this.providerOf(seg.workerId);
        const runs = out.get(provider) ?? [];
        runs.push({ task: timeline.name, from: seg.from, to: after?.from, result });
        out.set(provider, runs);
      }
    }
    for (const runs of out.values()) runs.sort((a, b) => a.from - b.from);
    return out;
  }

  /** The time span covered, for scaling: `[first, last]`, or undefined when empty. */
  span() {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const t of this.#tasks.values()) {
      for (const s of t.segments) {
        first = Math.min(first, s.from);
        last = Math.max(last, s.to ?? s.from);
      }
    }
    return first <= last ? /** @type {[number, number]} */ ([first, last]) : undefined;
  }

  #forgetOldest() {
    for (const [id, t] of this.#tasks) {
      const state = t.segments.at(-1)?.state;
      if (state === "accepted" || state === "failed") {
        this.#tasks.delete(id);
        return;
      }
    }
  }
}
