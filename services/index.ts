/**
 * yatsapi's yagna REST layer: the only code that talks to the daemon. It depends on
 * nothing else in yatsapi (no machines/, src/ or devnet/ imports).
 */

export type { SendOptions } from "./activity/activity.js";
export { Activity } from "./activity/activity.js";
export { ActivityService } from "./activity/activity-service.js";
export { Batch } from "./activity/batch.js";
export type {
  CommandEvent,
  CommandExecuted,
  CommandOutputChunk,
  CommandProgress,
  CommandStarted,
  Output,
} from "./activity/command-events.js";
export { ActivityTerminatedError, BatchTimeoutError, CommandExecutionError } from "./activity/errors.js";
export { PollingBatch } from "./activity/polling-batch.js";
export { StreamingBatch } from "./activity/streaming-batch.js";
export type * from "./activity/types.js";
export type { ConfigurationOptions } from "./configuration.js";
export { Configuration, DEFAULT_YAGNA_API_URL, MissingConfiguration } from "./configuration.js";
export type { RestApiName } from "./http/errors.js";
export {
  ApiError,
  AuthenticationError,
  RequestTimeoutError,
  TransportError,
  UnexpectedResponseError,
} from "./http/errors.js";
export type { HttpCoreOptions, HttpExchange } from "./http/http-core.js";
export { HttpCore } from "./http/http-core.js";
export { configureRestLogging, isRestDebugEnabled, restLogger, restLoggerName } from "./http/logging.js";
export type { QueryValue, RestRequest, RestResponse, RestStream } from "./http/rest-client.js";
export { pathOf, RestClient } from "./http/rest-client.js";
export type { RetryCase, RetryPolicy } from "./http/retry.js";
export { backoffDelay, DEFAULT_RETRY_CASES, DEFAULT_RETRY_POLICY, retryCaseOf } from "./http/retry.js";
export type { SseFrame } from "./http/sse.js";
export { parseSse } from "./http/sse.js";
export type { IdentityInfo, VersionInfo, VersionResponse } from "./identity.js";
export { IdentityApi } from "./identity.js";
export type { ImageInfo, ImageQuery } from "./images/image-repository.js";
export { ImageRepository } from "./images/image-repository.js";
export { PackageException } from "./images/package-exception.js";
export type { ResolveRepoSrvOptions, SrvResolver } from "./images/repo-srv.js";
export { DEFAULT_REPO_SRV, FALLBACK_REPO_URL, pickSrv, resolveRepoSrv } from "./images/repo-srv.js";
export type { ConfirmOptions } from "./market/agreement.js";
export { Agreement, SUCCESS_REASON } from "./market/agreement.js";
export type { PropertyModel } from "./market/agreement-details.js";
export { AgreementDetails, View } from "./market/agreement-details.js";
export type { AgreementEventOptions } from "./market/market.js";
export { Market } from "./market/market.js";
export { DEFAULT_AGREEMENT_VALIDITY_MS, OfferProposal } from "./market/offer-proposal.js";
export type { NegotiationEvent, ProposalRejection, SubscriptionPollOptions } from "./market/subscription.js";
export { Subscription } from "./market/subscription.js";
export type * from "./market/types.js";
export type { AllocationDetails } from "./payment/allocation.js";
export { Allocation } from "./payment/allocation.js";
export type { AcceptOptions } from "./payment/documents.js";
export { DebitNote, Invoice } from "./payment/documents.js";
export type { Amount } from "./payment/money.js";
export { decimalString, toDecimal } from "./payment/money.js";
export type { ListOptions, PaymentEventOptions } from "./payment/payment.js";
export { DEFAULT_ALLOCATION_TTL_MS, Payment } from "./payment/payment.js";
export type * from "./payment/types.js";
export type { YagnaApi, YagnaApiOptions } from "./yagna-api.js";
export { createYagnaApi } from "./yagna-api.js";
