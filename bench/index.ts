/**
 * `npm run bench`: runs the project's micro-benchmarks one after another against
 * in-process devnets. Each benchmark prints its own results.
 */
import { runServicesBench } from "./services.bench.js";

await runServicesBench();
