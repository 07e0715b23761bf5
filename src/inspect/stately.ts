/**
 * `inspect: "stately"`: the same actors handed to the optional `@statelyai/inspect`, for
 * people who want Stately's hosted inspector. Its own server (`createInspectorServer`)
 * listens on every interface, and its Sky inspector sends runs to the cloud, so neither is
 * used: its WebSocket adapter streams to our relay on 127.0.0.1 (`/stately/ingest`), and a
 * small bridge page at `/stately` iframes https://stately.ai/inspect and forwards the
 * stream to it by `postMessage`. Contexts, events and outputs go through our sanitiser.
 */

import type { WebSocket } from "ws";
import type { InspectionEvent } from "xstate";
import type { Inspector } from "./inspector.js";
import type { ActorKind } from "./protocol.js";
import type { Secrets } from "./redact.js";
import { actorKind, errorMessage, eventData, sanitizeContext, sanitizeOutput } from "./sanitize.js";

/** The bits of `@statelyai/inspect` used here (it is optional: no type import from it). */
interface StatelyModule {
  createWebSocketInspector(options: {
    url: string;
    sanitizeEvent?: (event: { type: string }) => { type: string };
    serialize?: (event: StatelyEvent) => StatelyEvent;
    maxDeferredEvents?: number;
  }): { inspect: { next?: (event: InspectionEvent) => void }; stop(): void };
}

/** The adapter's event, as far as `serialize` reads it. */
interface StatelyEvent {
  type: string;
  sessionId: string;
  snapshot?: { status?: unknown; value?: unknown; context?: unknown; output?: unknown; error?: unknown };
  [key: string]: unknown;
}

const STATELY_ORIGIN = "https://stately.ai";
/** Messages a bridge page opened late is sent first (actor registrations come early). */
const REPLAY = 2000;

const BRIDGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>yatsapi: Stately Inspector</title>
<style>html, body, iframe { margin: 0; border: 0; width: 100%; height: 100%; display: block; }</style>
</head>
<body>
<iframe id="stately" src="${STATELY_ORIGIN}/inspect" title="Stately Inspector"></iframe>
<script>
  // Holds the stream until the inspector says it listens, then forwards it by postMessage.
  const frame = document.getElementById("stately");
  const held = [];
  let listening = false;
  const post = (message) => frame.contentWindow.postMessage(message, "${STATELY_ORIGIN}");
  addEventListener("message", (e) => {
    if (e.origin !== "${STATELY_ORIGIN}" || !e.data || e.data.type !== "@statelyai.connected") return;
    listening = true;
    held.splice(0).forEach(post);
  });
  const ws = new WebSocket("ws://" + location.host + "/stately/view");
  ws.onmessage = (e) => {
    const message = JSON.parse(e.data);
    if (listening) post(message);
    else held.push(message);
  };
</script>
</body>
</html>
`;

async function loadStately(): Promise<StatelyModule> {
  try {
    return (await import("@statelyai/inspect" as string)) as StatelyModule;
  } catch (err) {
    throw new Error(
      `inspect: "stately" needs the optional package @statelyai/inspect, which is not installed ` +
        `(${(err as Error).message}): run \`npm install @statelyai/inspect\`, or use inspect: true for yatsapi's own viewer`,
    );
  }
}

/**
 * Makes the adapter's events safe: per-kind context projection, scrubbed output, the
 * error as its message, event fields as in our protocol. Idempotent on events it already
 * made (the adapter serialises its deferred events again when it connects).
 */
function statelySerializer(
  secrets: Secrets,
  kinds: Map<string, ActorKind>,
): (event: StatelyEvent) => StatelyEvent {
  const made = new WeakSet<object>();
  return (event) => {
    if (made.has(event)) return event;
    const out: StatelyEvent = { ...event };
    const s = event.snapshot;
    if (s !== undefined && s !== null) {
      const snapshot: NonNullable<StatelyEvent["snapshot"]> = { status: s.status, value: s.value };
      const context = sanitizeContext(kinds.get(event.sessionId) ?? "other", s.context, secrets);
      if (context !== undefined) snapshot.context = context;
      if (s.output !== undefined) snapshot.output = sanitizeOutput(s.output, secrets);
      if (s.error !== undefined) snapshot.error = errorMessage(s.error, secrets);
      out.snapshot = snapshot;
    }
    made.add(out);
    return out;
  };
}

/**
 * Serves the bridge page and the adapter's stream from the inspector's relay and returns
 * the observer to give xstate, and how to stop it.
 *
 * @example
 * const stately = await attachStately(inspector);
 * createActor(machine, { inspect: stately.inspect });
 * console.log(stately.url); // http://127.0.0.1:40123/stately
 */
export async function attachStately(
  inspector: Inspector,
): Promise<{ url: string; inspect: (event: InspectionEvent) => void; stop(): Promise<void> }> {
  const stately = await loadStately();
  const base = await inspector.ready;
  const relay = inspector.relay!;
  const views = new Set<WebSocket>();
  const recent: string[] = [];
  relay.addPage("/stately", BRIDGE);
  relay.addSocket("/stately/view", (ws) => {
    views.add(ws);
    ws.on("close", () => views.delete(ws));
    for (const line of recent) ws.send(line);
  });
  relay.addSocket("/stately/ingest", (ws) => {
    ws.on("message", (data) => {
      const line = inspector.secrets.guardLine(String(data));
      recent.push(line);
      if (recent.length > REPLAY) recent.shift();
      // A page that cannot keep up loses messages rather than slowing anything down.
      for (const view of views) if (view.bufferedAmount < 4 << 20) view.send(line);
    });
  });
  const kinds = new Map<string, ActorKind>();
  const adapter = stately.createWebSocketInspector({
    url: `${base.replace(/^http/, "ws")}stately/ingest`,
    sanitizeEvent: (event) => ({ type: event.type, ...eventData(event, inspector.secrets) }),
    serialize: statelySerializer(inspector.secrets, kinds),
    maxDeferredEvents: 10_000,
  });
  const next = adapter.inspect.next;
  return {
    url: `${base}stately`,
    inspect: (event) => {
      try {
        if (event.type === "@xstate.actor") {
          const logic = (event.actorRef as { logic?: { id?: unknown } }).logic;
          kinds.set(
            event.actorRef.sessionId,
            actorKind(typeof logic?.id === "string" ? logic.id : undefined),
          );
        }
        next?.(event);
      } catch {
        // Inspection must never break the computation.
      }
    },
    async stop() {
      // The adapter converts events on a 0 ms timer: let the last ones go out first.
      await new Promise((done) => setTimeout(done, 0));
      adapter.stop();
    },
  };
}
