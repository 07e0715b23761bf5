import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import elkBundle from "elkjs/lib/elk.bundled.js";
import { createActor, createMachine, type InspectionEvent } from "xstate";
import { agreementMachine } from "../../machines/agreement.machine.js";
import { taskMachine } from "../../machines/task.machine.js";
import { machineMessage } from "../../src/inspect/definition.js";
import type { MachineMessage } from "../../src/inspect/protocol.js";
import { allNodes, edgeKey } from "../../visualizations/viewer/chart/graph.js";
import { type ChartLayout, layoutChart } from "../../visualizations/viewer/chart/layout.js";
import { renderSvg } from "../../visualizations/viewer/chart/svg.js";
import { escapeXml, eventLabel, shortEvent } from "../../visualizations/viewer/chart/text.js";

const elk = new elkBundle.default();

/** The `g.state` and `g.edge` elements of a chart, read from its SVG text. */
function parts(svg: string) {
  const attr = (s: string) =>
    s.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  const states = [...svg.matchAll(/<g class="(state[^"]*)" data-state-id="([^"]*)"/g)].map((m) => ({
    classes: (m[1] ?? "").split(" "),
    id: attr(m[2] ?? ""),
  }));
  const edges = [...svg.matchAll(/<g class="(edge[^"]*)" data-event="([^"]*)" data-edge-key="([^"]*)"/g)].map(
    (m) => ({
      classes: (m[1] ?? "").split(" "),
      event: attr(m[2] ?? ""),
      key: attr(m[3] ?? ""),
    }),
  );
  return { states, edges };
}

function machine(logic: unknown): MachineMessage {
  const message = machineMessage(logic);
  assert.ok(message);
  return message;
}

describe("the agreement chart", () => {
  const agreement = machine(agreementMachine);
  let layout: ChartLayout;
  before(async () => {
    layout = await layoutChart(elk, agreement);
  });

  test("every state node and every transition appears", () => {
    const { states, edges } = parts(renderSvg(layout));
    const nodes = allNodes(agreement.root);
    assert.deepEqual(states.map((s) => s.id).sort(), nodes.map((n) => n.id).sort());
    const keys = new Set(edges.map((e) => e.key));
    for (const node of nodes) {
      for (const t of node.transitions) {
        const key = edgeKey(node.id, t.event, t.targets);
        assert.ok(keys.has(key), `no edge for ${key}`);
        // One drawn edge per target, or one row for a targetless transition.
        const drawn = edges.filter((e) => e.key === key);
        assert.ok(drawn.length >= Math.max(1, t.targets.length), `too few edges for ${key}`);
        assert.ok(drawn.every((e) => e.event === t.event));
      }
    }
    assert.ok(states.find((s) => s.id === "agreement.terminated")?.classes.includes("final"));
  });

  test("active states and the last transition are marked, nothing else", () => {
    const last = edgeKey("agreement.idle", "agreement.acquire", ["agreement.inUse"]);
    const { states, edges } = parts(
      renderSvg(layout, { active: ["agreement", "agreement.inUse"], last: [last] }),
    );
    assert.deepEqual(
      states.filter((s) => s.classes.includes("active")).map((s) => s.id),
      ["agreement", "agreement.inUse"],
    );
    assert.deepEqual(
      edges.filter((e) => e.classes.includes("last")).map((e) => e.key),
      [last],
    );
  });

  test("a targetless transition is a row of its state, markable as the last one", () => {
    const key = edgeKey("agreement.creating", "agreement.terminate", []);
    const { edges } = parts(renderSvg(layout, { last: [key] }));
    const row = edges.find((e) => e.key === key);
    assert.ok(row?.classes.includes("internal") && row.classes.includes("last"));
  });

  test("the layout is deterministic and lies within the drawing", async () => {
    const again = await layoutChart(elk, agreement);
    assert.equal(renderSvg(again), renderSvg(layout));
    for (const s of layout.states) {
      assert.ok(
        s.x >= 0 && s.y >= 0 && s.x + s.width <= layout.width && s.y + s.height <= layout.height,
        s.id,
      );
    }
    for (const e of layout.edges) assert.ok(e.points.length >= 2, `edge ${e.key} has no route`);
  });
});

test("the microsteps xstate reports name edges of the chart (the sink's step contract)", async () => {
  const task = machine(taskMachine);
  const { edges } = parts(renderSvg(await layoutChart(elk, task)));
  const keys = new Set(edges.map((e) => e.key));
  const taken: string[] = [];
  const inspect = (ev: InspectionEvent) => {
    if (ev.type !== "@xstate.microstep") return;
    for (const tr of ev._transitions) {
      taken.push(
        edgeKey(
          tr.source.id,
          tr.eventType,
          (tr.target ?? []).map((n) => n.id),
        ),
      );
    }
  };
  // The task reports to its parent with sendParent: give it one.
  const parent = createActor(
    createMachine({ invoke: { id: "task", src: taskMachine, input: { taskId: "1" } } }),
    {
      inspect,
    },
  ).start();
  const child = parent.getSnapshot().children.task;
  assert.ok(child);
  child.send({ type: "task.assign", workerId: "worker-1" });
  child.send({ type: "task.start" });
  child.send({ type: "task.reject", retry: true });
  child.send({ type: "task.assign", workerId: "worker-2" });
  child.send({ type: "task.start" });
  child.send({ type: "task.accept", result: "ok" });
  parent.stop();
  const own = taken.filter((k) => k.startsWith("task."));
  assert.equal(own.length, 6);
  for (const key of own) assert.ok(keys.has(key), `step ${key} is not an edge of the chart`);
});

test("event labels: delays, invoke results, eventless transitions, guards, clipping", () => {
  assert.equal(
    shortEvent("xstate.after.approvalTimeout.agreement.confirming", "approvalTimeout"),
    "after approvalTimeout",
  );
  assert.equal(shortEvent("xstate.after.250.probe.a", "250"), "after 250 ms");
  assert.equal(shortEvent("xstate.done.actor.createAgreement"), "done: createAgreement");
  assert.equal(shortEvent("xstate.error.actor.createAgreement"), "error: createAgreement");
  assert.equal(shortEvent("xstate.done.state.computation.live.working"), "done: working");
  assert.equal(shortEvent(""), "always");
  assert.equal(eventLabel({ event: "", targets: [], guard: "hasEnded" }), "always [hasEnded]");
  assert.equal(eventLabel({ event: "x".repeat(50), targets: [] }).length, 34);
  assert.equal(escapeXml(`<a b="c">&'`), "&lt;a b=&quot;c&quot;&gt;&amp;&#39;");
});
