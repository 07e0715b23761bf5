/**
 * How a failed computation surfaces from `submit()`: after its shutdown (agreements
 * terminated, invoices paid, allocations released), as an error that carries the machine's
 * output.
 */
import type { ComputationOutput } from "../../machines/computation.types.js";
import { NoPaymentAccountError } from "../errors.js";

/**
 * The computation failed (timed out, could not subscribe, lost its market feed, ...).
 * `reason` is the name of the underlying error, e.g. `TimeoutError`.
 *
 * @example
 * try { for await (const t of executor.submit(worker, tasks)) {} }
 * catch (e) { if (e instanceof ComputationFailedError && e.reason === "TimeoutError") retryLater(); }
 */
export class ComputationFailedError extends Error {
  override readonly name: string = "ComputationFailedError";

  constructor(readonly output: ComputationOutput) {
    super(output.error?.message ?? "The computation failed");
  }

  get reason(): string {
    return this.output.error?.name ?? "Error";
  }
}

/**
 * The error `submit()` throws for a failed computation: NoPaymentAccountError when no
 * account matched, ComputationFailedError otherwise.
 *
 * @example
 * if (output.outcome === "failed") throw failureOf(output, "erc20", "holesky");
 */
export function failureOf(output: ComputationOutput, driver: string, network: string): Error {
  if (output.error?.name === "NoPaymentAccountError") return new NoPaymentAccountError(driver, network);
  return new ComputationFailedError(output);
}
