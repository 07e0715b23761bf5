import type { DemandBuilder } from "../demand-builder.js";
import type { DemandDecorator } from "../demand-decorator.js";
import { InvalidPropertiesError } from "../errors.js";
import type { Props } from "../props/fields.js";
import { type OfferRejection, offerRejection } from "./rejection.js";
import { SCORE_NEUTRAL, SCORE_REJECTED } from "./scores.js";

/**
 * What a strategy sees of an offer: its proposal id, the provider's node id and the flat
 * properties. The REST layer's `OfferProposal` has this shape.
 */
export interface Offer {
  readonly id: string;
  readonly issuer: string;
  readonly props: Props;
}

/** What a strategy may know about the computation so far (yapapi's `ComputationHistory`). */
export interface ComputationHistory {
  /** True when the provider's last agreement with us was not approved by it. */
  rejectedLastAgreement(issuerId: string): boolean;
}

/** A score with the reason behind a rejection (`rejection` is null for accepted offers). */
export interface OfferEvaluation {
  readonly score: number;
  readonly rejection: OfferRejection | null;
}

/**
 * Chooses providers from the market. `decorateDemand` may add constraints to the demand;
 * `scoreOffer` rates an offer: higher is better, below `SCORE_NEUTRAL` (0) rejects it, and
 * the best-scored confirmed proposal gets the next agreement. A strategy that can say why it
 * rejects also implements `evaluateOffer`; the built-in ones do, synchronously.
 *
 * @example
 * const preferFast: MarketStrategy = {
 *   decorateDemand: (d) => void d.ensure("(golem.inf.cpu.threads>=4)"),
 *   scoreOffer: (offer) => Number(offer.props["golem.inf.cpu.threads"] ?? 0),
 * };
 */
export interface MarketStrategy extends DemandDecorator {
  decorateDemand(demand: DemandBuilder): void | Promise<void>;
  scoreOffer(offer: Offer, history?: ComputationHistory): number | Promise<number>;
  evaluateOffer?(offer: Offer, history?: ComputationHistory): OfferEvaluation | Promise<OfferEvaluation>;
}

/**
 * True for a promise (any thenable): strategies may answer synchronously or not.
 *
 * @example
 * isPromise(strategy.scoreOffer(offer)) ? await ... : ...;
 */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function fromError(error: unknown): OfferEvaluation {
  if (!(error instanceof InvalidPropertiesError)) throw error;
  return {
    score: SCORE_REJECTED,
    rejection: offerRejection("invalid-properties", error.message, { subject: error.key ?? null }),
  };
}

function fromScore(score: number): OfferEvaluation {
  if (typeof score !== "number" || Number.isNaN(score)) {
    return {
      score: SCORE_REJECTED,
      rejection: offerRejection("score-too-low", `the strategy's score ${String(score)} is not a number`),
    };
  }
  if (score < SCORE_NEUTRAL) {
    return {
      score,
      rejection: offerRejection("score-too-low", `score ${score} is below ${SCORE_NEUTRAL}`, {
        value: String(score),
        limit: String(SCORE_NEUTRAL),
      }),
    };
  }
  return { score, rejection: null };
}

/**
 * Scores an offer with any strategy and says why it is rejected: the strategy's own
 * `evaluateOffer` when it has one, else its `scoreOffer` (a score below neutral becomes a
 * `score-too-low` rejection). An `InvalidPropertiesError` becomes an `invalid-properties`
 * rejection; any other error is thrown, for the caller to report as a failed proposal. The
 * answer always has a rejection exactly when its score is below `SCORE_NEUTRAL` (a NaN score
 * is rejected), and it is synchronous when the strategy is, so scoring many offers costs no
 * extra ticks.
 *
 * @example
 * const { score, rejection } = await assessOffer(strategy, offer, history);
 * if (rejection) await offer.reject(rejection.reason);
 */
export function assessOffer(
  strategy: MarketStrategy,
  offer: Offer,
  history?: ComputationHistory,
): OfferEvaluation | Promise<OfferEvaluation> {
  let answer: OfferEvaluation | Promise<OfferEvaluation>;
  try {
    answer = strategy.evaluateOffer
      ? strategy.evaluateOffer(offer, history)
      : ((s) => (isPromise(s) ? s.then(fromScore) : fromScore(s)))(strategy.scoreOffer(offer, history));
  } catch (e) {
    return Object.freeze(fromError(e));
  }
  // Keeps "rejected" meaning both things at once: a score below neutral and a rejection.
  const freeze = (e: OfferEvaluation): OfferEvaluation =>
    Object.freeze(
      e.rejection === null
        ? fromScore(e.score)
        : { score: e.score < SCORE_NEUTRAL ? e.score : SCORE_REJECTED, rejection: e.rejection },
    );
  return isPromise(answer) ? answer.then(freeze, (e: unknown) => freeze(fromError(e))) : freeze(answer);
}
