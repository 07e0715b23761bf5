import type { ProviderNode } from "./context.js";
import { HttpError } from "./http.js";

/**
 * Throws the error a flaky provider link gives, at the provider's `httpErrorRate`:
 * a 500 carrying the GSB "endpoint address not found" text (yapapi and our services
 * retry on it), or a 408.
 *
 * @example
 * maybeHttpFault(agreement.provider); // in a handler, before doing the work
 */
export function maybeHttpFault(provider: ProviderNode): void {
  const { httpErrorRate = 0, httpErrorStatus = 500 } = provider.config.faults;
  if (!provider.rng.chance(httpErrorRate)) return;
  if (httpErrorStatus === 408) throw new HttpError(408, "Timeout");
  throw new HttpError(
    500,
    `GSB error: GSB failure: Bad request: endpoint address not found: /net/${provider.id}/exeunit`,
  );
}
