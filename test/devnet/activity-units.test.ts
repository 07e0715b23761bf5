// The activity API's building blocks on their own: the ExeScript parser, output
// capture, the state machine, sandbox paths and CPU accounting.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CapturedOutput } from "../../devnet/activity/capture.js";
import { ExeScriptError, parseExeScript } from "../../devnet/activity/exe-script.js";
import { parseTimes, treeCpuSec } from "../../devnet/activity/process.js";
import { Sandbox, SandboxPathError } from "../../devnet/activity/sandbox.js";
import { formatPair, transition, unexpectedState } from "../../devnet/activity/state.js";
import { usageVector } from "../../devnet/activity/usage.js";

function parseError(text: string): string {
  try {
    parseExeScript(text);
  } catch (err) {
    assert.ok(err instanceof ExeScriptError, `not an ExeScriptError: ${err}`);
    return err.message;
  }
  assert.fail(`accepted: ${text}`);
}

describe("ExeScript parsing", () => {
  test("a full script parses with the daemon's defaults", () => {
    const script = parseExeScript(
      JSON.stringify([
        { deploy: { env: { A: "1" }, volumes: ["/data"] } },
        { start: {} },
        { transfer: { from: "http://127.0.0.1/x", to: "container:/golem/input/x" } },
        {
          run: {
            entry_point: "/bin/sh",
            args: ["-c", "echo hi"],
            capture: { stdout: { stream: {} }, stderr: { atEnd: { tail: 8 } } },
          },
        },
        { run: { entry_point: "/bin/true" } },
        { sign: {} },
        { terminate: {} },
      ]),
    );
    assert.deepEqual(
      script.map((c) => c.name),
      ["deploy", "start", "transfer", "run", "run", "sign", "terminate"],
    );
    const deploy = script[0]!;
    assert.ok(deploy.name === "deploy");
    assert.deepEqual(deploy.env, { A: "1" });
    assert.deepEqual(deploy.volumes, ["/data"]);
    const start = script[1]!;
    assert.ok(start.name === "start");
    assert.deepEqual(start.args, []);
    const run = script[3]!;
    assert.ok(run.name === "run");
    assert.equal(run.stdout.stream, true);
    assert.equal(run.stdout.head, Number.POSITIVE_INFINITY);
    assert.deepEqual({ ...run.stderr }, { stream: false, format: "str", head: 0, tail: 8 });
    const bare = script[4]!;
    assert.ok(bare.name === "run");
    assert.deepEqual(bare.args, []);
    assert.equal(bare.stdout.head, 0, "run without capture discards output");
    assert.deepEqual(script[5]!.raw, { sign: {} });
  });

  test("volumes may be a map keyed by path; unknown keys are ignored as serde does", () => {
    const [deploy] = parseExeScript(
      '[{"deploy":{"volumes":{"/a":{"host":{}},"/b":{"ram":{"size":"1MiB"}}},"progress":{"updateInterval":"1s"}}}]',
    );
    assert.ok(deploy?.name === "deploy");
    assert.deepEqual(deploy.volumes, ["/a", "/b"]);
    const [run] = parseExeScript(
      '[{"run":{"entry_point":"/bin/true","capture":{"stdout":{"stream":{"stream":1024}}}}}]',
    );
    assert.ok(run?.name === "run");
    assert.equal(run.stdout.head, Number.POSITIVE_INFINITY);
  });

  test("capture modes: head, tail, headTail, formats and their aliases", () => {
    const capture = (mode: unknown) => {
      const [run] = parseExeScript(
        JSON.stringify([{ run: { entry_point: "/bin/true", capture: { stdout: mode } } }]),
      );
      assert.ok(run?.name === "run");
      return { ...run.stdout };
    };
    assert.deepEqual(capture({ atEnd: { head: 4 } }), { stream: false, format: "str", head: 4, tail: 0 });
    assert.deepEqual(capture({ atEnd: { headTail: 5, format: "binary" } }), {
      stream: false,
      format: "bin",
      head: 3,
      tail: 2,
    });
    assert.deepEqual(capture({ atEnd: { format: "string" } }), {
      stream: false,
      format: "str",
      head: Number.POSITIVE_INFINITY,
      tail: 0,
    });
    assert.deepEqual(capture({ stream: { limit: 10, format: "bin" } }), {
      stream: true,
      format: "bin",
      head: 10,
      tail: 0,
    });
  });

  test("invalid scripts are refused with a message naming the problem", () => {
    assert.match(parseError("{"), /not JSON/);
    assert.match(parseError('{"run":{}}'), /expected a sequence/);
    assert.match(parseError('["terminate"]'), /command 0: invalid type: string "terminate"/);
    assert.match(
      parseError('[{"deploy":{}},{"launch":{}}]'),
      /command 1: unknown variant `launch`, expected one of `deploy`/,
    );
    assert.match(parseError('[{"run":{"args":[]}}]'), /command 0 \(run\): missing field `entry_point`/);
    assert.match(parseError('[{"run":{"entryPoint":"/bin/sh"}}]'), /missing field `entry_point`/);
    assert.match(
      parseError('[{"run":{"entry_point":"/bin/sh","args":"x"}}]'),
      /args: expected an array of strings/,
    );
    assert.match(
      parseError('[{"run":{"entry_point":"/bin/sh","capture":{"stdout":{"atEnd":{"format":"hex"}}}}}]'),
      /format: unknown variant "hex"/,
    );
    assert.match(
      parseError('[{"run":{"entry_point":"/bin/sh","capture":{"stdout":{"atEnd":{"head":-1}}}}}]'),
      /non-negative integer/,
    );
    assert.match(parseError('[{"transfer":{"from":"container:/a"}}]'), /missing field `to`/);
    assert.match(parseError('[{"deploy":{},"start":{}}]'), /exactly one key/);
    assert.match(parseError('[{"deploy":{"env":{"A":1}}}]'), /env: expected an object of string values/);
  });
});

describe("output capture", () => {
  const bytes = (s: string) => Buffer.from(s);

  test("atEnd keeps everything, the head, the tail or both", () => {
    const all = new CapturedOutput({ stream: false, format: "str", head: Number.POSITIVE_INFINITY, tail: 0 });
    const head = new CapturedOutput({ stream: false, format: "str", head: 3, tail: 0 });
    const tail = new CapturedOutput({ stream: false, format: "str", head: 0, tail: 3 });
    const both = new CapturedOutput({ stream: false, format: "str", head: 2, tail: 2 });
    for (const out of [all, head, tail, both]) {
      assert.equal(out.write(bytes("abc")), undefined, "atEnd does not stream");
      out.write(bytes("defg"));
    }
    assert.equal(all.output(), "abcdefg");
    assert.equal(head.output(), "abc");
    assert.equal(tail.output(), "efg");
    assert.equal(both.output(), "abfg");
  });

  test("nothing kept is null; bin is byte values; invalid UTF-8 reads as Latin-1", () => {
    const none = new CapturedOutput({ stream: false, format: "str", head: 0, tail: 0 });
    none.write(bytes("lost"));
    assert.equal(none.output(), null);
    assert.equal(new CapturedOutput({ stream: true, format: "str", head: 9, tail: 0 }).output(), null);
    const bin = new CapturedOutput({ stream: true, format: "bin", head: Number.POSITIVE_INFINITY, tail: 0 });
    assert.deepEqual(bin.write(bytes("hi")), [104, 105]);
    assert.deepEqual(bin.output(), [104, 105]);
    const latin = new CapturedOutput({ stream: false, format: "str", head: 10, tail: 0 });
    latin.write(Buffer.from([0x61, 0xff]));
    assert.equal(latin.output(), "a\u00ff");
  });

  test("a stream limit caps both the kept output and the streamed chunks", () => {
    const out = new CapturedOutput({ stream: true, format: "str", head: 5, tail: 0 });
    assert.equal(out.write(bytes("abc")), "abc");
    assert.equal(out.write(bytes("defg")), "de");
    assert.equal(out.write(bytes("h")), undefined);
    assert.equal(out.output(), "abcde");
  });
});

describe("activity state machine", () => {
  test("commands move New -> Initialized -> Deployed -> Ready in order only", () => {
    assert.deepEqual(transition(["Initialized", null], "deploy"), ["Initialized", "Deployed"]);
    assert.deepEqual(transition(["Deployed", null], "start"), ["Deployed", "Ready"]);
    assert.deepEqual(transition(["Ready", null], "run"), ["Ready", "Ready"]);
    assert.deepEqual(transition(["Ready", null], "transfer"), ["Ready", "Ready"]);
    assert.equal(
      transition(["Initialized", null], "run"),
      "Local service error: State error: Activity is initialized - deploy() command is expected now",
    );
    assert.equal(
      transition(["Deployed", null], "deploy"),
      "Local service error: State error: Activity is deployed - start() command is expected now",
    );
    assert.equal(
      transition(["Ready", null], "start"),
      "Local service error: State error: Cannot send command after a successful start()",
    );
    assert.equal(
      transition(["Ready", "Ready"], "run"),
      "Local service error: State error: Busy: StatePair(Ready, Some(Ready))",
    );
    assert.equal(
      transition(["Terminated", null], "run"),
      "Local service error: State error: This command is not allowed when activity is in the Terminated state",
    );
    assert.equal(formatPair(["Initialized", null]), "StatePair(Initialized, None)");
    assert.equal(
      unexpectedState(["Initialized", null], ["Ready", "Ready"]),
      "Local service error: State error: Unexpected state: StatePair(Initialized, None), expected StatePair(Ready, Some(Ready))",
    );
  });
});

describe("sandbox paths", () => {
  test("VM paths map into the sandbox; escapes and unmapped paths are refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "yatsapi-sandbox-test-"));
    try {
      const box = await Sandbox.create(dir, "a1");
      assert.equal(
        box.hostPath("/golem/output/x.txt"),
        join(dir, "activities", "a1", "golem", "output", "x.txt"),
      );
      assert.equal(box.hostPath("/golem/outputs"), undefined);
      assert.equal(box.hostPath("/etc/passwd"), undefined);
      await assert.rejects(box.openForRead("/../../etc/passwd"), SandboxPathError);
      await assert.rejects(box.openForWrite("/golem/work/../../x"), /'\.\.' is not allowed/);
      await assert.rejects(box.openForRead("/etc/passwd"), /outside the container's writable folders/);
      await assert.rejects(box.openForRead("relative/path"), /not an absolute path/);
      await symlink("/etc/passwd", join(dir, "activities", "a1", "golem", "output", "link"));
      await assert.rejects(box.openForRead("/golem/output/link"), /leads out of the container/);
      await assert.rejects(box.openForWrite("/golem/output/link"), /ELOOP/);
      await box.addVolume("/data/cache");
      const handle = await box.openForWrite("/data/cache/new/file.txt");
      await handle.close();
      assert.equal(
        box.rewrite("cat /golem/input/a >/golem/output/b; ls /golem/inputs /data/cache"),
        [
          `cat ${join(dir, "activities/a1/golem/input")}/a >${join(dir, "activities/a1/golem/output")}/b;`,
          `ls /golem/inputs ${join(dir, "activities/a1/data/cache")}`,
        ].join(" "),
      );
      await box.remove();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("image files are mapped where the host has nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "yatsapi-sandbox-test-"));
    try {
      const image = join(dir, "image");
      await mkdir(join(image, "app"), { recursive: true });
      await mkdir(join(image, "etc"), { recursive: true });
      await writeFile(join(image, "app", "run.sh"), "echo hi\n");
      await writeFile(join(image, "etc", "yatsapi-test.conf"), "x=1\n");
      const box = await Sandbox.create(dir, "a2");
      await box.installImage(image);
      assert.equal(box.hostPath("/app/run.sh"), join(dir, "activities", "a2", "app", "run.sh"));
      assert.equal(
        box.hostPath("/etc/yatsapi-test.conf"),
        join(dir, "activities", "a2", "etc", "yatsapi-test.conf"),
      );
      assert.equal(box.hostPath("/etc/passwd"), undefined, "the host's /etc stays the host's");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("usage accounting", () => {
  test("times output parses into the children's CPU seconds", () => {
    assert.equal(parseTimes("0m0.010000s 0m0.000000s\n1m2.500000s 0m0.250000s\n"), 62.75);
    assert.equal(parseTimes("0m0.001s 0m0.002s\n0m0.250s 0m0.125s"), 0.375);
    assert.equal(parseTimes(""), undefined);
  });

  test("a live process tree's CPU time is read from /proc", () => {
    assert.ok(treeCpuSec(process.pid) > 0, "this test process has used some CPU");
    assert.equal(treeCpuSec(2 ** 22 + 7), 0, "no such process");
  });

  test("counters follow the offer's usage vector", () => {
    const counters = { cpuSec: 1.5, durationSec: 10 };
    assert.deepEqual(usageVector({}, counters), [1.5, 10]);
    assert.deepEqual(
      usageVector(
        {
          "golem.com.usage.vector": ["golem.usage.duration_sec", "golem.usage.custom", "golem.usage.cpu_sec"],
        },
        counters,
      ),
      [10, 0, 1.5],
    );
  });
});
