// Promise actors whose answers the test gives: each call waits until the test resolves or
// rejects it, so a model step ("the daemon created the agreement") maps to one call.
import assert from "node:assert/strict";
import { fromPromise } from "xstate";
import { settle } from "./parent-harness.js";

/** One call of a fake actor, as the machine made it. */
export interface FakeCall {
  name: string;
  input: unknown;
  /** xstate's signal: aborted when the machine left the invoking state. */
  signal: AbortSignal;
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Records the calls of fake promise actors and answers them on demand.
 *
 * @example
 * const rest = new FakeRest();
 * const bound = agreementMachine.provide({ actors: { createAgreement: rest.actor("createAgreement") } });
 * await rest.resolve("createAgreement", { agreementId: "a1" });
 */
export class FakeRest {
  readonly calls: FakeCall[] = [];

  /** A promise actor that records each call and waits for the test's answer. */
  actor<TOutput, TInput>(name: string) {
    return fromPromise<TOutput, TInput>(
      ({ input, signal }) =>
        new Promise<TOutput>((resolve, reject) => {
          const call: FakeCall = {
            name,
            input,
            signal,
            settled: false,
            resolve: (v) => {
              call.settled = true;
              resolve(v as TOutput);
            },
            reject: (e) => {
              call.settled = true;
              reject(e);
            },
          };
          this.calls.push(call);
        }),
    );
  }

  /** The one unanswered call of `name`; fails the test when there is none or several. */
  pending(name: string): FakeCall {
    const open = this.calls.filter((c) => c.name === name && !c.settled);
    assert.equal(open.length, 1, `expected one pending ${name} call, found ${open.length}`);
    return open[0]!;
  }

  /** The latest call of `name`, answered or not. */
  last(name: string): FakeCall {
    const all = this.calls.filter((c) => c.name === name);
    assert.ok(all.length > 0, `no ${name} call was made`);
    return all[all.length - 1]!;
  }

  /** Answers the pending call of `name` and lets the machine react. */
  async resolve(name: string, value?: unknown): Promise<void> {
    this.pending(name).resolve(value);
    await settle();
  }

  /** Fails the pending call of `name` and lets the machine react. */
  async reject(name: string, error: unknown): Promise<void> {
    this.pending(name).reject(error);
    await settle();
  }
}
