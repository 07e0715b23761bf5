/**
 * `npm run bench`: runs the project's benchmarks one after another against in-process
 * devnets on 127.0.0.1. Each benchmark prints its own results. `npm run bench -- --quick`
 * runs the compare harness in its short smoke mode.
 */
import { runCompare } from "./compare/index.js";
import { runSdkBench } from "./sdk.bench.js";
import { runServicesBench } from "./services.bench.js";

const quick = process.argv.includes("--quick");

await runServicesBench();
await runSdkBench();
await runCompare({ quick });
