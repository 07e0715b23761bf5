import assert from "node:assert/strict";
import { test } from "node:test";
import { matches } from "../../visualizations/viewer/log.js";
import type { LoggedEvent } from "../../visualizations/viewer/model/store.js";
import { timelineSvg } from "../../visualizations/viewer/timeline.js";

const event: LoggedEvent = {
  t: "event",
  at: 1,
  seq: 1,
  to: "x:4",
  toName: "agreement:p1",
  from: "x:0",
  fromName: "computation",
  type: "agreement.terminate",
};

test("log filters: actor by name or id of either end, type by substring, case-insensitive", () => {
  assert.ok(matches(event, "", ""));
  assert.ok(matches(event, "AGREEMENT:", "terminate"));
  assert.ok(matches(event, "x:0", ""));
  assert.ok(matches(event, "computation", "agreement."));
  assert.ok(!matches(event, "task:", ""));
  assert.ok(!matches(event, "", "acquire"));
});

test("timeline bars are placed on the time scale; open bars run to the end", () => {
  const svg = timelineSvg(
    [
      { label: "alpha", bars: [{ from: 0, to: 500, cls: "run-accepted", title: "task:1" }] },
      { label: "beta <b>", bars: [{ from: 500, to: undefined, cls: "run-running", title: "task:2" }] },
    ],
    0,
    1000,
    370,
  );
  // 170 px of labels, then 200 px for 1000 ms.
  assert.match(svg, /<rect class="run-accepted" x="170.0" y="\d+" width="100.0"/);
  assert.match(svg, /<rect class="run-running" x="270.0" y="\d+" width="100.0"/);
  assert.match(svg, /beta &lt;b&gt;/);
});

test("timeline axis ticks each read differently, with the decimals they need", () => {
  const svg = timelineSvg([{ label: "alpha", bars: [] }], 0, 1400, 600);
  const ticks = [...svg.matchAll(/<text class="axis"[^>]*>\+([^<]+)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(ticks, ["0 s", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1 s", "1.2 s", "1.4 s"]);
});
