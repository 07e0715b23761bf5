import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeRuntimeFrame } from "../../services/activity/runtime-events.js";
import { parseSse, type SseFrame } from "../../services/index.js";

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

async function collect(...parts: (string | Uint8Array)[]): Promise<SseFrame[]> {
  const out: SseFrame[] = [];
  for await (const f of parseSse(chunks(...parts))) out.push(f);
  return out;
}

describe("parseSse", () => {
  test("reads the daemon's runtime frames and skips :ping comments", async () => {
    const frames = await collect(
      'event: runtime\ndata: {"index":0}\nid: 0\n\n',
      ":ping\n",
      'event: runtime\ndata: {"index":1}\nid: 1\n\n',
    );
    assert.deepEqual(frames, [
      { event: "runtime", data: '{"index":0}', id: "0" },
      { event: "runtime", data: '{"index":1}', id: "1" },
    ]);
  });

  test("handles CRLF, CR, lines split across chunks and multi-byte characters split across chunks", async () => {
    const bytes = new TextEncoder().encode("data: żółw\r\n\r\n");
    const frames = await collect(
      "event: a\r",
      "\ndata: x\r\rdata: first\ndata:",
      " second\n\n",
      bytes.slice(0, 8),
      bytes.slice(8),
    );
    assert.deepEqual(frames, [
      { event: "a", data: "x", id: undefined },
      { event: "message", data: "first\nsecond", id: undefined },
      { event: "message", data: "żółw", id: undefined },
    ]);
  });

  test("frames without data are not dispatched; an unterminated frame is dropped; one space is stripped", async () => {
    const frames = await collect(
      "event: empty\n\n",
      "data:  two spaces\n\n",
      "retry: 10\nfoo\n\n",
      "data: cut",
    );
    assert.deepEqual(frames, [{ event: "message", data: " two spaces", id: undefined }]);
  });
});

describe("decodeRuntimeFrame", () => {
  const script = [{ run: { entry_point: "/bin/echo", args: ["hi"] } }];
  const frame = (data: unknown, event = "runtime"): SseFrame => ({
    event,
    data: JSON.stringify(data),
    id: "0",
  });

  test("the daemon's snake_case frames", () => {
    const started = decodeRuntimeFrame(
      frame({
        batch_id: "b",
        index: 0,
        timestamp: "2024-05-01T10:00:00.123456789",
        kind: { started: { command: script[0] } },
      }),
      "b",
      script,
    );
    assert.deepEqual(started?.event, { batchId: "b", index: 0, command: script[0], kind: "started" });
    const out = decodeRuntimeFrame(frame({ batch_id: "b", index: 0, kind: { stdout: "hi\n" } }), "b", script);
    assert.deepEqual(out?.event, {
      batchId: "b",
      index: 0,
      command: script[0],
      kind: "stdout",
      output: "hi\n",
    });
    const bin = decodeRuntimeFrame(
      frame({ batch_id: "b", index: 0, kind: { stderr: [104, 105] } }),
      "b",
      script,
    );
    assert.equal(bin?.event.kind, "stderr");
    assert.deepEqual(bin?.event.kind === "stderr" && [...(bin.event.output as Uint8Array)], [104, 105]);
    const fin = decodeRuntimeFrame(
      frame({ batch_id: "b", index: 0, kind: { finished: { return_code: 1, message: "exit 1" } } }),
      "b",
      script,
    );
    assert.equal(fin?.returnCode, 1);
    assert.equal(fin?.event.kind === "executed" && fin.event.success, false);
    assert.equal(fin?.event.kind === "executed" && fin.event.message, "exit 1");
  });

  test("the spec's camelCase frames are accepted too", () => {
    const fin = decodeRuntimeFrame(
      frame({ batchId: "b", index: 0, kind: { finished: { returnCode: 0 } } }),
      "b",
      script,
    );
    assert.equal(fin?.event.kind === "executed" && fin.event.success, true);
  });

  test("other events, other batches and unreadable data are skipped", () => {
    assert.equal(
      decodeRuntimeFrame(frame({ index: 0, kind: { stdout: "x" } }, "ping"), "b", script),
      undefined,
    );
    assert.equal(
      decodeRuntimeFrame(frame({ batch_id: "other", index: 0, kind: { stdout: "x" } }), "b", script),
      undefined,
    );
    assert.equal(
      decodeRuntimeFrame({ event: "runtime", data: "{not json", id: undefined }, "b", script),
      undefined,
    );
    assert.equal(
      decodeRuntimeFrame(frame({ batch_id: "b", index: 0, kind: { finished: {} } }), "b", script),
      undefined,
    );
  });
});
