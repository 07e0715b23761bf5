/**
 * `npm run bench`: runs the project's benchmarks one after another against in-process
 * devnets on 127.0.0.1. Each benchmark prints its own results.
 */
import { runSdkBench } from "./sdk.bench.js";
import { runServicesBench } from "./services.bench.js";

await runServicesBench();
await runSdkBench();
