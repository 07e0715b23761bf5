import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { QueueStateError } from "../../src/errors.js";
import type { Consumer, QueueHandle } from "../../src/queue-consumer.js";
import { SmartQueue } from "../../src/smart-queue.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function take<T>(consumer: Consumer<T>): Promise<QueueHandle<T>> {
  const next = await consumer.next();
  assert.equal(next.done, false, "expected an item");
  return next.value as QueueHandle<T>;
}

/** Resolves with the next item, or reports that it is still waiting after a few ticks. */
async function takeSoon<T>(consumer: Consumer<T>): Promise<QueueHandle<T> | "waiting" | "done"> {
  const next = consumer.next().then((r) => (r.done ? ("done" as const) : r.value));
  const waiting = (async () => {
    for (let i = 0; i < 5; i += 1) await tick();
    return "waiting" as const;
  })();
  return Promise.race([next, waiting]);
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe("SmartQueue (yapapi's test_smartq cases)", () => {
  test("an empty queue yields nothing and is done", async () => {
    const queue = new SmartQueue<number>([]);
    const seen: number[] = [];
    for await (const handle of queue.newConsumer()) seen.push(handle.item);
    assert.deepEqual(seen, []);
    assert.equal(queue.hasUnassignedItems(), false);
    await queue.waitUntilDone();
  });

  for (const length of [0, 1, 100]) {
    test(`5 workers that reschedule 1 in 6 items finish all ${length} items`, async () => {
      const rnd = lcg(length + 7);
      const done = new Map<number, number>();
      const queue = new SmartQueue(
        Array.from({ length }, (_, i) => i),
        { maxRetries: 1000 },
      );
      const worker = async () => {
        for await (const handle of queue.newConsumer()) {
          for (let i = Math.floor(rnd() * 4); i > 0; i -= 1) await tick();
          if (rnd() < 1 / 6) queue.reschedule(handle);
          else {
            queue.markDone(handle);
            done.set(handle.item, (done.get(handle.item) ?? 0) + 1);
          }
        }
      };
      await Promise.all([queue.waitUntilDone(), ...Array.from({ length: 5 }, worker)]);
      assert.equal(done.size, length);
      assert.ok([...done.values()].every((n) => n === 1));
      assert.deepEqual(queue.stats(), {
        newItems: false,
        sourceExhausted: true,
        inProgress: 0,
        rescheduled: 0,
        gaveUp: 0,
        consumers: 0,
      });
    });
  }

  test("has_unassigned_items vs has_new_items", async () => {
    const queue = new SmartQueue([1, 2, 3]);
    const consumer = queue.newConsumer();
    let last: number | undefined;
    for (;;) {
      const handle = await take(consumer);
      assert.equal(queue.hasNewItems(), queue.hasUnassignedItems());
      last = handle.item;
      if (!queue.hasUnassignedItems()) break;
    }
    assert.equal(last, 3);
    assert.equal(queue.hasUnassignedItems(), false);
    queue.rescheduleAll(consumer);
    assert.equal(queue.hasUnassignedItems(), true);
    assert.equal(queue.hasNewItems(), false);
  });

  test("leaving a for-await loop early closes the consumer and sends its items back", async () => {
    const queue = new SmartQueue([1, 2]);
    const consumer = queue.newConsumer();
    for await (const handle of consumer) {
      assert.equal(handle.item, 1);
      break;
    }
    assert.equal(consumer.closed, true);
    assert.deepEqual(queue.stats().rescheduled, 1);
  });

  test("items held by a consumer that closes go to the next consumer, with last_item", async () => {
    const queue = new SmartQueue([1, 2, 3]);
    const first = queue.newConsumer();
    for (let i = 0; i < 3; i += 1) await take(first);
    const blocked = first.next();
    const bystander = queue.newConsumer();
    assert.equal(await takeSoon(bystander), "waiting", "nothing to take while three are in progress");
    bystander.close();
    first.close();
    assert.deepEqual(await blocked, { done: true, value: undefined });
    const second = queue.newConsumer();
    const got: number[] = [];
    for await (const handle of second) {
      assert.equal(second.lastItem, handle.item);
      assert.equal(handle.retries, 1);
      got.push(handle.item);
      queue.markDone(handle);
    }
    assert.deepEqual(got.sort(), [1, 2, 3]);
  });
});

describe("SmartQueue rescheduling", () => {
  test("a rescheduled item goes out before new ones", async () => {
    const queue = new SmartQueue([1, 2, 3]);
    const a = queue.newConsumer();
    const b = queue.newConsumer();
    queue.reschedule(await take(a));
    assert.equal((await take(b)).item, 1);
  });

  test("it goes preferably to a consumer that never held it", async () => {
    const queue = new SmartQueue([1, 2, 3]);
    const a = queue.newConsumer();
    const b = queue.newConsumer();
    const one = await take(a);
    const two = await take(b);
    queue.reschedule(one);
    assert.equal((await take(a)).item, 3, "a takes a new item, leaving 1 for b");
    queue.markDone(two);
    assert.equal((await take(b)).item, 1);
  });

  test("a single consumer gets its own rejected item back (no stall, unlike yapapi #890)", async () => {
    const queue = new SmartQueue(["only", "next"]);
    const consumer = queue.newConsumer();
    const order: string[] = [];
    for await (const handle of consumer) {
      order.push(handle.item);
      if (handle.item === "only" && handle.retries < 2) queue.reschedule(handle);
      else queue.markDone(handle);
    }
    assert.deepEqual(order, ["only", "only", "only", "next"]);
    await queue.waitUntilDone();
  });

  test("a consumer waiting for an item another consumer could take gets it when that one closes", async () => {
    const queue = new SmartQueue([1]);
    const a = queue.newConsumer();
    const b = queue.newConsumer();
    queue.reschedule(await take(a));
    const waiting = a.next();
    assert.equal(await Promise.race([waiting.then(() => "taken"), tick().then(() => "waiting")]), "waiting");
    b.close();
    const { value } = await waiting;
    assert.equal(value?.item, 1);
  });

  test("retries are capped: the return after maxRetries gives the item up", async () => {
    const states: string[] = [];
    const queue = new SmartQueue(["x"], { maxRetries: 2, onChange: (h) => states.push(h.state) });
    const consumer = queue.newConsumer();
    assert.equal(queue.reschedule(await take(consumer)), true);
    assert.equal(queue.reschedule(await take(consumer)), true);
    const last = await take(consumer);
    assert.equal(queue.reschedule(last), false);
    assert.equal(last.state, "gave-up");
    assert.equal(last.retries, 3);
    assert.deepEqual(states, [
      "in-progress",
      "rescheduled",
      "in-progress",
      "rescheduled",
      "in-progress",
      "gave-up",
    ]);
    assert.deepEqual(await consumer.next(), { done: true, value: undefined });
    await queue.waitUntilDone();
    assert.equal(queue.stats().gaveUp, 1);
  });

  test("a consumer closing counts as a retry too", async () => {
    const queue = new SmartQueue(["x", "y"], { maxRetries: 0 });
    const consumer = queue.newConsumer();
    await take(consumer);
    await take(consumer);
    assert.deepEqual(queue.rescheduleAll(consumer).sort(), ["x", "y"]);
    await queue.waitUntilDone();
  });

  test("settling a handle twice, or a foreign one, is a QueueStateError", async () => {
    const queue = new SmartQueue([1]);
    const handle = await take(queue.newConsumer());
    queue.markDone(handle);
    assert.throws(() => queue.markDone(handle), QueueStateError);
    assert.throws(() => queue.reschedule(handle), /handle is not in progress \(it is done\)/);
    const other = new SmartQueue([2]);
    assert.throws(() => other.markDone(handle), QueueStateError);
    assert.throws(() => new SmartQueue([], { maxRetries: -1 }), TypeError);
  });
});

describe("SmartQueue over an async source", () => {
  test("consumers wait for a slow source and see every item; has_new_items is exact", async () => {
    let release: () => void = () => undefined;
    async function* source() {
      yield 1;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      yield 2;
    }
    const queue = new SmartQueue<number>(source());
    const consumer = queue.newConsumer();
    queue.markDone(await take(consumer));
    const pending = consumer.next();
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    for (let i = 0; i < 5; i += 1) await tick();
    assert.equal(settled, false, "the consumer waits for the source");
    assert.equal(queue.hasNewItems(), false);
    assert.equal(queue.hasUnassignedItems(), false);
    release();
    const { value } = await pending;
    assert.equal(value?.item, 2);
    queue.markDone(value as QueueHandle<number>);
    assert.deepEqual(await consumer.next(), { done: true, value: undefined });
    await queue.waitUntilDone();
  });

  test("a failing source fails the consumers and waitUntilDone", async () => {
    async function* source() {
      yield 1;
      throw new Error("source broke");
    }
    const queue = new SmartQueue(source());
    const consumer = queue.newConsumer();
    queue.markDone(await take(consumer));
    await assert.rejects(consumer.next(), /source broke/);
    await assert.rejects(queue.waitUntilDone(), /source broke/);
  });
});
