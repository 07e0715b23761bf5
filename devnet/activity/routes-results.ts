import type { ServerResponse } from "node:http";
import type { DevnetContext } from "../context.js";
import { maybeHttpFault } from "../faults.js";
import { type DevnetRequest, HttpError, intParam, type Route, timeoutMs, writeReply } from "../http.js";
import { ACTIVITY_PREFIX, activityFor, exeUnitGone } from "./access.js";
import type { Batch, RuntimeEvent } from "./batch.js";
import type { ActivityRecord, ActivityRegistry } from "./registry.js";

/** The daemon keeps idle SSE connections alive with a `:ping` comment this often. */
export const SSE_PING_MS = 15_000;

/**
 * One SSE frame, byte for byte as the daemon writes it (3.6).
 *
 * @example
 * res.write(sseFrame(event, 0)); // "event: runtime\ndata: {...}\nid: 0\n\n"
 */
export function sseFrame(event: RuntimeEvent, seq: number): string {
  return `event: runtime\ndata: ${JSON.stringify(event)}\nid: ${seq}\n\n`;
}

/**
 * `GET /activity/{id}/exec/{batchId}`: the JSON long poll of 3.5, or, when the
 * `Accept` header is exactly `text/event-stream`, the SSE stream of 3.6.
 *
 * @example
 * const route = resultsRoute(ctx, registry); // pings every 15 s; tests pass a shorter `pingMs`
 */
export function resultsRoute(ctx: DevnetContext, registry: ActivityRegistry, pingMs = SSE_PING_MS): Route {
  function batchOf(req: DevnetRequest): { record: ActivityRecord; batch: Batch } {
    const record = activityFor(ctx, registry, req.params.activityId!);
    maybeHttpFault(record.provider);
    if (!registry.isLive(record)) throw exeUnitGone(record);
    const batch = record.unit.batches.get(req.params.batchId!);
    if (!batch) throw new HttpError(404, `Not found: batch_id = ${req.params.batchId}`);
    return { record, batch };
  }

  async function poll(req: DevnetRequest, res: ServerResponse): Promise<void> {
    const commandIndex = intParam(req.query, "commandIndex", { min: 0 });
    const timeout = timeoutMs(req.query, 0);
    const { record, batch } = batchOf(req);
    const size = batch.commands.length;
    if (commandIndex !== undefined && commandIndex >= size) {
      throw new HttpError(
        400,
        `Bad request: commandIndex ${commandIndex} is out of range: batch ${batch.id} has ${size} command(s)`,
      );
    }
    if (size > 0) {
      const awaited = commandIndex ?? size - 1;
      record.unit.kick(batch);
      // Also stop waiting when a command failed (nothing more will finish) or the exe-unit died.
      const settled = () => batch.isDone(awaited) || batch.failed || !registry.isLive(record);
      await batch.changed.waitFor(() => (settled() ? true : undefined), {
        timeoutMs: timeout,
        signal: req.signal,
      });
      if (!registry.isLive(record)) throw exeUnitGone(record);
      if (commandIndex !== undefined && !batch.isDone(commandIndex)) throw new HttpError(408, "Timeout");
    }
    if (!res.destroyed) writeReply(res, { status: 200, body: batch.results(commandIndex) });
  }

  function stream(req: DevnetRequest, res: ServerResponse): void {
    const { record, batch } = batchOf(req);
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    res.flushHeaders();
    let seq = 0;
    const unsubscribe = batch.subscribe((event) => {
      res.write(sseFrame(event, seq++));
    });
    let ping: NodeJS.Timeout | undefined;
    const schedulePing = () => {
      ping = ctx.clock.setTimeout(() => {
        if (res.destroyed) return;
        res.write(":ping\n");
        schedulePing();
      }, pingMs);
    };
    schedulePing();
    // The stream stays open after the batch ends, as the daemon's does: the client closes it.
    const close = () => {
      unsubscribe();
      ctx.clock.clearTimeout(ping);
    };
    if (req.signal.aborted) {
      close();
      return;
    }
    req.signal.addEventListener("abort", close, { once: true });
    record.unit.kick(batch);
  }

  return {
    method: "GET",
    path: `${ACTIVITY_PREFIX}/activity/:activityId/exec/:batchId`,
    stream: (req, res) => (req.headers.accept === "text/event-stream" ? stream(req, res) : poll(req, res)),
  };
}
