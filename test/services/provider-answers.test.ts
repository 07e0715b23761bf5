// The offer feed's slot release: a counter-proposal's wait ends with its provider's draft,
// with the abort of the feed, or when its time is up (on mocked timers).
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { ProviderAnswers } from "../../services/actors/provider-answers.js";

/** Whether `promise` settled by now (after pending microtasks). */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

test("a provider's draft frees every wait on that provider, and only those", async () => {
  const answers = new ProviderAnswers(new AbortController().signal);
  const a1 = answers.next("0xa", 60_000);
  const a2 = answers.next("0xa", 60_000);
  const b = answers.next("0xb", 60_000);
  answers.answered("0xa");
  assert.equal(await settled(a1), true);
  assert.equal(await settled(a2), true);
  assert.equal(await settled(b), false);
  answers.answered("0xb");
  assert.equal(await settled(b), true);
});

test("an abort frees every wait", async () => {
  const controller = new AbortController();
  const answers = new ProviderAnswers(controller.signal);
  const waits = [answers.next("0xa", 60_000), answers.next("0xb", 60_000)];
  controller.abort();
  assert.deepEqual(await Promise.all(waits.map(settled)), [true, true]);
});

test("a provider that never answers frees its slot when the time is up", async (t) => {
  mock.timers.enable({ apis: ["setTimeout"] });
  t.after(() => mock.timers.reset());
  const answers = new ProviderAnswers(new AbortController().signal);
  const wait = answers.next("0xa", 5_000);
  mock.timers.tick(4_999);
  assert.equal(await settled(wait), false);
  mock.timers.tick(1);
  assert.equal(await settled(wait), true);
});
