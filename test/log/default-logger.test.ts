// enableDefaultLogger: info and up on stderr, debug and up in the log file (truncated),
// the version and log-file lines, templates and winston formats, the REST layer's per-call
// debug lines only for the APIs asked for and never with the app key, and switching off.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import winston from "winston";
import { type Devnet, startDevnet } from "../../devnet/index.js";
import { createYagnaApi } from "../../services/index.js";
import { createEvent } from "../../src/events/index.js";
import {
  disableDefaultLogger,
  enableDefaultLogger,
  getLogger,
  isLoggingEnabled,
  logEvent,
  logSummary,
  rootLogger,
} from "../../src/log/index.js";

const dir = mkdtempSync(join(tmpdir(), "yatsapi-default-log-"));
let stderr: string[] = [];
const realWrite = process.stderr.write;

/** Captures what is written to stderr (winston's Console transport writes there). */
function captureStderr(): void {
  stderr = [];
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stderr.write;
}

afterEach(() => {
  process.stderr.write = realWrite;
  disableDefaultLogger();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const LINE = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) [\w.]+\] /;

describe("enableDefaultLogger", () => {
  test("stderr gets info and up, the file gets debug and up, in yapapi's format", () => {
    const file = join(dir, "levels.log");
    writeFileSync(file, "old content\n");
    captureStderr();
    enableDefaultLogger({ logFile: file });
    const log = getLogger("yatsapi.test");
    log.debug("a debug line");
    log.info("an info line");
    log.warn("a warning");
    log.error("an error", { stack: "Error: an error\n    at somewhere" });
    const content = readFileSync(file, "utf8");
    process.stderr.write = realWrite;
    const fileLines = content.split("\n").filter((l) => LINE.test(l));
    assert.deepEqual(
      fileLines.map((l) => l.replace(LINE, "$1 ")),
      [
        `DEBUG Yatsapi version: 0.1.0, script: ${process.argv[1]}, working directory: ${process.cwd()}`,
        `INFO Using log file \`${file}\`; in case of errors look for additional information there`,
        "DEBUG a debug line",
        "INFO an info line",
        "WARNING a warning",
        "ERROR an error",
      ],
    );
    assert.match(content, /\] an error\nError: an error\n {4}at somewhere\n/, "the stack follows its line");
    assert.doesNotMatch(content, /old content/, "the file is truncated");
    assert.match(content, /^\[[^\]]+ DEBUG yatsapi\] Yatsapi version/);
    assert.match(content, /INFO yatsapi.test\] an info line/);
    const err = stderr.join("");
    assert.match(err, /INFO yatsapi\] Using log file/);
    assert.match(err, /INFO yatsapi.test\] an info line/);
    assert.match(err, /WARNING yatsapi.test\] a warning/);
    assert.match(err, /ERROR yatsapi.test\] an error/);
    assert.doesNotMatch(err, /debug line|Yatsapi version/);
  });

  test("without a file only stderr is written; a template or a winston format sets the lines", () => {
    captureStderr();
    enableDefaultLogger({ format: "%(levelname)s|%(name)s|%(message)s|%%" });
    getLogger("yatsapi.x").info("hello");
    getLogger("yatsapi.x").debug("hidden");
    enableDefaultLogger({
      format: winston.format.printf((info) => `custom ${info.level} ${String(info.message)}`),
    });
    getLogger("yatsapi.x").warn("there");
    process.stderr.write = realWrite;
    assert.deepEqual(stderr, ["INFO|yatsapi.x|hello|%\n", "custom warn there\n"]);
  });

  test("refuses bad options, naming them", () => {
    assert.throws(() => enableDefaultLogger("x" as never), /options must be an object/);
    assert.throws(() => enableDefaultLogger({ format: 3 as never }), /format must be a template string/);
    assert.throws(
      () => enableDefaultLogger({ format: "%(asctime)s %(lineno)d %(funcName)s" }),
      /%\(funcName\)s/,
    );
    assert.throws(() => enableDefaultLogger({ logFile: "" }), /logFile must be a file path/);
    assert.throws(
      () => enableDefaultLogger({ debugMarketApi: "yes" as never }),
      /debugMarketApi must be true or false/,
    );
    assert.equal(isLoggingEnabled(rootLogger(), "error"), false, "a refused call changes nothing");
  });

  test("the summary goes to stderr, logEvent's debug lines to the file only", () => {
    const file = join(dir, "summary.log");
    captureStderr();
    enableDefaultLogger({ logFile: file });
    const consumer = logSummary(logEvent);
    consumer(createEvent("ComputationStarted", { expires: Date.now() + 10 * 60_000 }));
    consumer(createEvent("ComputationFinished"));
    process.stderr.write = realWrite;
    const content = readFileSync(file, "utf8");
    assert.match(content, /DEBUG yatsapi.events\] Computation started, expires at .*; expires = \d+/);
    assert.match(content, /INFO yatsapi.summary\] Computation finished in \d+\.\ds/);
    const err = stderr.join("");
    assert.match(err, /INFO yatsapi.summary\] Negotiated 0 agreements with 0 providers/);
    assert.doesNotMatch(err, /yatsapi.events/);
  });

  test("after disableDefaultLogger nothing is written and the file is closed", () => {
    const file = join(dir, "off.log");
    enableDefaultLogger({ logFile: file });
    const held = getLogger("yatsapi.held");
    disableDefaultLogger();
    captureStderr();
    getLogger("yatsapi.test").error("after");
    held.error("held after");
    process.stderr.write = realWrite;
    assert.deepEqual(stderr, []);
    assert.doesNotMatch(readFileSync(file, "utf8"), /after/);
    assert.equal(isLoggingEnabled(rootLogger(), "error"), false);
  });
});

describe("enableDefaultLogger and the REST layer", () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await startDevnet({ port: 0, seed: "log-rest" });
  });
  after(() => devnet.stop());

  async function callApis(): Promise<void> {
    const api = createYagnaApi({ url: devnet.url, appKey: devnet.appKey });
    try {
      await api.market.subscriptions();
      await api.payment.allocations();
    } finally {
      await api.close();
    }
  }

  test("debugMarketApi writes each market call to the file, and nothing has the app key", async () => {
    const file = join(dir, "rest.log");
    captureStderr();
    enableDefaultLogger({ logFile: file, debugMarketApi: true });
    await callApis();
    process.stderr.write = realWrite;
    const content = readFileSync(file, "utf8");
    assert.match(content, /DEBUG yatsapi\.rest\.market\] GET \/market-api\/v1\/demands 200 [\d.]+ms/);
    assert.doesNotMatch(content, /yatsapi\.rest\.payment/, "payment debug is off");
    assert.ok(devnet.appKey.length >= 8);
    assert.ok(!content.includes(devnet.appKey), "the log file has no app key");
    assert.ok(!stderr.join("").includes(devnet.appKey), "stderr has no app key");
    assert.doesNotMatch(stderr.join(""), /yatsapi\.rest/, "debug lines stay out of stderr");
  });

  test("the REST debug lines are off unless asked for, and off again after disable", async () => {
    const file = join(dir, "rest-off.log");
    enableDefaultLogger({ logFile: file, debugPaymentApi: true });
    await callApis();
    const content = readFileSync(file, "utf8");
    assert.match(content, /DEBUG yatsapi\.rest\.payment\] GET \/payment-api\/v1\/allocations 200/);
    assert.doesNotMatch(content, /yatsapi\.rest\.market/);
    disableDefaultLogger();
    const quiet = join(dir, "rest-quiet.log");
    enableDefaultLogger({ logFile: quiet });
    await callApis();
    assert.doesNotMatch(readFileSync(quiet, "utf8"), /yatsapi\.rest/);
  });
});
