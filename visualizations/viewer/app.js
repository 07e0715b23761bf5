/**
 * The inspector page: connects to the relay's WebSocket (`/ws`, same origin), feeds the
 * store, and renders on animation frames: messages are only queued as they arrive, so a
 * burst of thousands costs one render. Reconnects with a growing delay when the relay goes.
 */
import { ChartView } from "./chart-view.js";
import { LogView } from "./log.js";
import { Store } from "./model/store.js";
import { TimelineView } from "./timeline.js";
import { TimersView } from "./timers.js";
import { TreeView } from "./tree.js";

/** @typedef {import("../../src/inspect/protocol.js").InspectMessage} InspectMessage */

/** The protocol version this page reads (`PROTOCOL_VERSION` in src/inspect/protocol.ts). */
const PROTOCOL = 1;
/** Heavy panels (log, timeline) are redrawn at most this often, in ms. */
const SLOW_PANEL_MS = 250;
const RECONNECT_MS = [500, 1000, 2000, 5000];

/**
 * @template {Element} T
 * @param {string} selector
 * @param {new (...args: never[]) => T} type
 * @returns {T}
 */
function $(selector, type) {
  const el = document.querySelector(selector);
  if (!(el instanceof type)) throw new Error(`viewer: the page lacks ${selector}`);
  return el;
}

const store = new Store({ logSize: 2000 });
const statusEl = $("[data-testid=status]", HTMLElement);
const chartTitle = $(".chart-title", HTMLElement);
const chartState = $(".chart-state", HTMLElement);
const contextEl = $(".context", HTMLElement);
const chartEl = $("[data-testid=chart]", HTMLElement);
const chart = new ChartView(chartEl);
const timers = new TimersView($("[data-testid=timers]", HTMLElement));
const tree = new TreeView($("[data-testid=actor-tree]", HTMLElement), select);
const log = new LogView(
  $("[data-testid=event-log]", HTMLElement),
  $("[data-testid=filter-actor]", HTMLInputElement),
  $("[data-testid=filter-type]", HTMLInputElement),
  select,
);
const timeline = new TimelineView($("[data-testid=timeline]", HTMLElement), $(".timeline-note", HTMLElement));

/** @type {string | undefined} */
let selected;
/** @type {InspectMessage[]} */
let queue = [];
let frame = 0;
let slowDirty = { log: true, timeline: true };
let slowAt = 0;
/** @type {string | undefined} why the page stopped listening, shown in the status line */
let fatal;

/** @param {string} id */
function select(id) {
  selected = id;
  tree.select(id);
  showSelected();
}

function showSelected() {
  const actor = selected === undefined ? undefined : store.actor(selected);
  chartTitle.textContent = actor === undefined ? "Select an actor" : `${actor.name} (${actor.kind})`;
  chartState.textContent =
    actor === undefined ? "" : `${actor.state}${actor.status === "active" ? "" : ` · ${actor.status}`}`;
  const details =
    actor === undefined ? undefined : { status: actor.status, error: actor.error, context: actor.context };
  contextEl.textContent = details === undefined ? "" : JSON.stringify(details, null, 2);
  chart.show(actor, actor?.machine === undefined ? undefined : store.machines.get(actor.machine));
}

function schedule() {
  if (frame === 0) frame = requestAnimationFrame(render);
}

function render() {
  frame = 0;
  const batch = queue;
  queue = [];
  for (const message of batch) store.apply(message);
  const changes = store.takeChanges();
  if (changes.status || fatal !== undefined) {
    const text =
      fatal ??
      (store.dropped > 0 ? `${store.status} (resynced after ${store.dropped} dropped)` : store.status);
    statusEl.textContent = text;
    statusEl.setAttribute("data-status", fatal === undefined ? store.status : "disconnected");
  }
  tree.update(store, changes);
  // Until the user picks one, show the root actor (the computation).
  const first = store.roots()[0];
  if (selected === undefined && first !== undefined) select(first.id);
  if (changes.timers) timers.render(store);
  if (selected !== undefined && (changes.actors.has(selected) || changes.tree)) showSelected();
  slowDirty = {
    log: slowDirty.log || changes.log,
    timeline: slowDirty.timeline || changes.timelines || changes.status,
  };
  const now = performance.now();
  if (now - slowAt >= SLOW_PANEL_MS) {
    slowAt = now;
    if (slowDirty.log) log.render(store);
    if (slowDirty.timeline) timeline.render(store, timelineView(), store.now(Date.now()));
    slowDirty = { log: false, timeline: false };
  } else if (slowDirty.log || slowDirty.timeline) {
    setTimeout(schedule, SLOW_PANEL_MS);
  }
}

/** @returns {"providers" | "tasks"} */
function timelineView() {
  const checked = document.querySelector("input[name=timeline-view]:checked");
  return checked instanceof HTMLInputElement && checked.value === "tasks" ? "tasks" : "providers";
}

/**
 * A parsed frame, if it is a protocol message (an object with a string `t`).
 * @param {unknown} data
 * @returns {InspectMessage | undefined}
 */
function parse(data) {
  if (typeof data !== "string") return undefined;
  try {
    const value = JSON.parse(data);
    return typeof value === "object" && value !== null && typeof value.t === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

let attempt = 0;
function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  store.connection("connecting");
  schedule();
  ws.addEventListener("open", () => {
    attempt = 0;
  });
  ws.addEventListener("message", (ev) => {
    const message = parse(ev.data);
    if (message === undefined) return;
    if (message.t === "hello" && message.v !== PROTOCOL) {
      fatal = `disconnected: the relay speaks protocol v${message.v}, this page v${PROTOCOL}`;
      ws.close();
    } else {
      queue.push(message);
    }
    schedule();
  });
  ws.addEventListener("close", () => {
    store.connection("disconnected");
    schedule();
    if (fatal !== undefined) return;
    const delay = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
    setTimeout(connect, delay);
  });
}

for (const radio of document.querySelectorAll("input[name=timeline-view]")) {
  radio.addEventListener("change", () => timeline.render(store, timelineView(), store.now(Date.now())));
}
$(".fit-toggle", HTMLInputElement).addEventListener("change", (ev) => {
  chartEl.classList.toggle("fit", ev.target instanceof HTMLInputElement && ev.target.checked);
});
setInterval(() => timers.tick(store.now(Date.now())), 250);
// Open bars of a live run grow with time even when no message comes.
setInterval(() => {
  if (store.status === "live") {
    slowDirty.timeline = true;
    schedule();
  }
}, 1000);
connect();
