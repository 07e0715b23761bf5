import type { ComputationSummary } from "./summary-state.js";
import { pluralize } from "./text.js";

/** Providers ignore demands expiring sooner than this (5 min) plus yapapi's 5 s margin. */
export const MIN_EXPIRATION_MS = 5 * 60_000 + 5_000;
/** ...or later than this (30 min). */
export const MAX_EXPIRATION_MS = 30 * 60_000;

/** A line of the summary with its level. */
export type SummaryLine = readonly [level: "info" | "warn", message: string];

const NO_OFFERS_HINT =
  " Make sure you're using the latest released versions of yagna and yatsapi, and the correct subnet." +
  " Also make sure that the timeout for computing all tasks is within the 5 min to 30 min range.";

/**
 * yapapi's warning for a computation expiring `timeoutMs` from its start, or null when that
 * is within `MIN_EXPIRATION_MS`..`MAX_EXPIRATION_MS`. Minutes and seconds are Python's
 * `divmod(round(seconds), 60)`, so -10 s reads "-1 min 50 sec".
 *
 * @example
 * expirationWarning(3 * 60_000); // "Expiration time for your tasks is set to 3 min 0 sec from now. ..."
 * expirationWarning(10 * 60_000); // null
 */
export function expirationWarning(timeoutMs: number): string | null {
  if (MIN_EXPIRATION_MS <= timeoutMs && timeoutMs <= MAX_EXPIRATION_MS) return null;
  const s = Math.round(timeoutMs / 1000);
  const min = Math.floor(s / 60);
  return (
    `Expiration time for your tasks is set to ${min} min ${s - 60 * min} sec from now. Providers will probably ` +
    "not respond to tasks which expire sooner than 5 min or later than 30 min, counting from the moment " +
    "they get your demand. Use the `timeoutMs` option of `Executor` to adjust the timeout."
  );
}

/**
 * yapapi's (0.5.5) warning when no provider confirmed a proposal, after `waitedMs` in all.
 *
 * @example
 * noProposalsWarning(0, 20_000); // "No offers have been collected from the market for 20s. Make sure ..."
 */
export function noProposalsWarning(numOffers: number, waitedMs: number): string {
  const secs = Math.floor(waitedMs / 1000);
  const what =
    numOffers === 0
      ? `No offers have been collected from the market for ${secs}s.`
      : `${numOffers} ${numOffers === 1 ? "offer has" : "offers have"} been collected from the market, ` +
        `but no provider has responded for ${secs}s.`;
  return what + NO_OFFERS_HINT;
}

/**
 * yapapi's `_print_summary` of a computation: agreements and providers, tasks computed per
 * provider, providers that computed none (every proposed agreement counts), failures per
 * provider; then, when no agreement was confirmed, why the offers were rejected.
 *
 * @example
 * for (const [level, message] of computationSummary(state)) logger.log(level, message);
 */
export function computationSummary(s: ComputationSummary): SummaryLine[] {
  const confirmed = [...s.confirmedAgreements].map((agrId) => s.provider(agrId));
  const out: SummaryLine[] = [
    ["info", `Negotiated ${confirmed.length} agreements with ${new Set(confirmed).size} providers`],
  ];
  for (const [p, tasks] of s.providerTasks)
    out.push(["info", `Provider '${p.name}' computed ${pluralize(tasks.length, "task")}`]);
  for (const p of s.providers())
    if (!s.providerTasks.has(p)) out.push(["info", `Provider '${p.name}' did not compute any tasks`]);
  for (const [p, failures] of s.providerFailures)
    out.push(["info", `Activity failed ${pluralize(failures, "time")} on provider '${p.name}'`]);
  if (confirmed.length === 0) for (const line of s.rejections.lines()) out.push(["warn", line]);
  return out;
}
