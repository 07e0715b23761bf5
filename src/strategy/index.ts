/**
 * Market strategies: how offers are scored, with yapapi 0.5's exact scores and caps, and
 * why offers are rejected, in categories a summary can count.
 */

export {
  DecreaseScoreForUnconfirmedAgreement,
  defaultMarketStrategy,
  UNCONFIRMED_AGREEMENT_FACTOR,
} from "./decrease-score.js";
export { DUMMY_DEFAULT_CAPS, DummyMS, type DummyOptions } from "./dummy.js";
export {
  LeastExpensiveLinearPayuMS,
  type LeastExpensiveOptions,
  LINEAR_PRICING_CONSTRAINT,
} from "./least-expensive.js";
export {
  FIXED_PRICE,
  type LinearPricing,
  negativePriceRejection,
  priceCapRejection,
  readLinearPayu,
  unsupportedCounterRejection,
} from "./linear-offer.js";
export {
  assessOffer,
  type ComputationHistory,
  isPromise,
  type MarketStrategy,
  type Offer,
  type OfferEvaluation,
} from "./market-strategy.js";
export {
  type CheckResult,
  checkDebitNoteTimeout,
  checkSubnet,
  choosePaymentPlatform,
  counterProposalTerms,
  type NegotiationContext,
  paymentPlatformsOf,
} from "./offer-checks.js";
export { type PriceCaps, readCap, readCaps } from "./price-caps.js";
export {
  DEBIT_NOTE_TIMEOUT_TOO_SHORT,
  NO_COMMON_PAYMENT_PLATFORM,
  type OfferRejection,
  offerRejection,
  REJECTION_KINDS,
  type RejectionKind,
  SCORE_TOO_LOW,
  SUBNET_MISMATCH,
} from "./rejection.js";
export { SCORE_NEUTRAL, SCORE_REJECTED, SCORE_TRUSTED } from "./scores.js";
