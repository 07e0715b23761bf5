import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AsyncWrapperClosedError } from "../../src/errors.js";
import { AsyncWrapper } from "../../src/events/index.js";

function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("AsyncWrapper", () => {
  test("calls the consumer in order, after the producer's own code", async () => {
    const seen: number[] = [];
    const wrapper = new AsyncWrapper((n: number) => void seen.push(n));
    for (let i = 0; i < 5; i += 1) wrapper.asyncCall(i);
    assert.deepEqual(seen, [], "asyncCall only queues");
    await wrapper.stop();
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  });

  test("a slow consumer never holds up the producer, and stop() drains what is queued", async () => {
    const seen: number[] = [];
    const slow = gate();
    const wrapper = new AsyncWrapper(async (n: number) => {
      if (n === 0) await slow.promise;
      seen.push(n);
    });
    for (let i = 0; i < 100; i += 1) wrapper.asyncCall(i);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, []);
    assert.equal(wrapper.pending, 99, "the first call is running, the rest wait");
    let stopped = false;
    const stopping = wrapper.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(stopped, false, "stop waits for the queue");
    slow.open();
    await stopping;
    assert.deepEqual(
      seen,
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  test("errors of the consumer go to the hook, never to the producer, and the queue goes on", async () => {
    const reported: [string, unknown][] = [];
    const seen: string[] = [];
    const wrapper = new AsyncWrapper(
      async (what: string) => {
        if (what === "throw") throw new Error("sync-style failure");
        if (what === "reject") return Promise.reject(new Error("async failure"));
        seen.push(what);
      },
      { onError: (message, error) => reported.push([message, error]) },
    );
    for (const what of ["a", "throw", "b", "reject", "c"]) wrapper.asyncCall(what);
    await wrapper.stop();
    assert.deepEqual(seen, ["a", "b", "c"]);
    assert.deepEqual(
      reported.map(([m, e]) => [m, (e as Error).message]),
      [
        ["Unhandled exception in wrapped callable", "sync-style failure"],
        ["Unhandled exception in wrapped callable", "async failure"],
      ],
    );
  });

  test("a synchronous throw and a throwing hook are contained too", async () => {
    const seen: number[] = [];
    const wrapper = new AsyncWrapper(
      (n: number) => {
        if (n === 1) throw new Error("bad");
        seen.push(n);
      },
      {
        onError: () => {
          throw new Error("hook broke");
        },
      },
    );
    wrapper.asyncCall(1);
    wrapper.asyncCall(2);
    await wrapper.stop();
    assert.deepEqual(seen, [2]);
  });

  test("after stop() began, calls are refused; stop() is idempotent", async () => {
    const wrapper = new AsyncWrapper((_n: number) => undefined);
    wrapper.asyncCall(1);
    const stopping = wrapper.stop();
    assert.equal(wrapper.closed, true);
    assert.throws(() => wrapper.asyncCall(2), AsyncWrapperClosedError);
    assert.throws(() => wrapper.asyncCall(2), /AsyncWrapper is closed/);
    await stopping;
    await wrapper.stop();
  });

  test("the consumer may queue further calls itself; they run after those already queued", async () => {
    const seen: string[] = [];
    const wrapper: AsyncWrapper<[string]> = new AsyncWrapper((what: string) => {
      seen.push(what);
      if (what === "first") wrapper.asyncCall("from the consumer");
    });
    wrapper.asyncCall("first");
    wrapper.asyncCall("second");
    await new Promise((r) => setImmediate(r));
    await wrapper.stop();
    assert.deepEqual(seen, ["first", "second", "from the consumer"]);
  });
});
