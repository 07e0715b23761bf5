/**
 * `npm run bench`: the services micro-benchmark and the offer-scoring benchmark (in this
 * process), then the compare harness (yatsapi, golem-js and a raw-REST baseline, each in
 * its own process against a devnet process on 127.0.0.1). `npm run bench -- --quick` is
 * the short smoke mode the test suite runs.
 */
import { runCompare } from "./compare/index.js";
import { runSdkBench } from "./sdk.bench.js";
import { runServicesBench } from "./services.bench.js";

const quick = process.argv.includes("--quick");
const started = performance.now();

const services = await runServicesBench(quick ? { meSeconds: 1, idleSeconds: 2 } : {});
const sdk = await runSdkBench();
await runCompare({ quick, micro: { services, sdk } });
console.log(
  `npm run bench${quick ? " -- --quick" : ""} took ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
