/**
 * The static charts of yatsapi's machines (`visualizations/charts/<name>.svg`), drawn with
 * the viewer's own chart modules: `npm run viz:export` writes them, and a test checks that
 * the committed files still match the machines.
 */
import elkBundle from "elkjs/lib/elk.bundled.js";
import type { AnyStateMachine } from "xstate";
import { activityMachine } from "../machines/activity.machine.js";
import { agreementMachine } from "../machines/agreement.machine.js";
import { computationMachine } from "../machines/computation.machine.js";
import { paymentMachine } from "../machines/payment.machine.js";
import { taskMachine } from "../machines/task.machine.js";
import { machineMessage } from "../src/inspect/definition.js";
import { layoutChart } from "./viewer/chart/layout.js";
import { renderSvg } from "./viewer/chart/svg.js";

/** The machines drawn, by file name. */
export const STATIC_CHART_MACHINES: Readonly<Record<string, AnyStateMachine>> = {
  agreement: agreementMachine,
  activity: activityMachine,
  task: taskMachine,
  payment: paymentMachine,
  computation: computationMachine,
};

/** Where the charts are committed, relative to the repository root. */
export const STATIC_CHARTS_DIR = "visualizations/charts";

/**
 * Every machine's chart as SVG text, by name (`agreement` → `<svg ...>`). Deterministic:
 * the same machines give byte-identical files.
 *
 * @example
 * for (const [name, svg] of await renderStaticCharts()) writeFileSync(`${name}.svg`, svg);
 */
export async function renderStaticCharts(): Promise<Map<string, string>> {
  // elkjs is CommonJS: under NodeNext the default import is its module object, whose
  // `default` is the constructor (the bundle sets both).
  const elk = new elkBundle.default();
  const out = new Map<string, string>();
  for (const [name, machine] of Object.entries(STATIC_CHART_MACHINES)) {
    const message = machineMessage(machine);
    if (message === undefined) throw new Error(`viz:export: ${name} is not a state machine`);
    out.set(name, renderSvg(await layoutChart(elk, message)));
  }
  return out;
}
