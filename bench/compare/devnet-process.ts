/**
 * The harness's devnet in a process of its own, so that no driver's CPU includes it:
 * `YATSAPI_BENCH_INPUT='{"providers":10,"seed":"s"}' node --import tsx bench/compare/devnet-process.ts` starts
 * `startDevnet` on 127.0.0.1 with providers `bench-1` ... (one agreement each, no faults),
 * prints `{"url","appKey"}` as one JSON line to its parent's pipe, and stops the devnet
 * when its stdin closes. The app key goes to the parent only, never to a log.
 */
import { startDevnet } from "../../devnet/index.js";
import { INPUT_VARIABLE } from "./child.js";
import { type DevnetProcessInput, readDevnetProcessInput } from "./devnet-input.js";

const input: DevnetProcessInput = readDevnetProcessInput(process.env[INPUT_VARIABLE]);
const devnet = await startDevnet({
  port: 0,
  seed: input.seed,
  providers: Array.from({ length: input.providers }, (_, i) => ({
    name: `bench-${i + 1}`,
    maxAgreements: 1,
    offers: input.offers,
  })),
});
console.log(JSON.stringify({ url: devnet.url, appKey: devnet.appKey }));

process.stdin.resume();
process.stdin.on("end", () => {
  void devnet.stop().then(() => process.exit(0));
});
