import { ActivityService } from "./activity/activity-service.js";
import { Configuration, type ConfigurationOptions } from "./configuration.js";
import { HttpCore, type HttpCoreOptions } from "./http/http-core.js";
import { IdentityApi } from "./identity.js";
import { ImageRepository } from "./images/image-repository.js";
import { Market } from "./market/market.js";
import { Payment } from "./payment/payment.js";

/** Options of `createYagnaApi`: where the daemon is, plus transport settings. */
export interface YagnaApiOptions extends ConfigurationOptions, Omit<HttpCoreOptions, "appKey"> {}

/** The REST APIs of one daemon over one set of keep-alive connections. */
export interface YagnaApi {
  config: Configuration;
  core: HttpCore;
  market: Market;
  activity: ActivityService;
  payment: Payment;
  identity: IdentityApi;
  /** An image repository or registry client for `url` (no app key is sent there). */
  images(url: string): ImageRepository;
  /** Closes the connections; pending calls are aborted. */
  close(): Promise<void>;
}

/**
 * Connects the market, activity, payment and identity APIs to a daemon. Settings not given
 * come from `YAGNA_APPKEY`, `YAGNA_API_URL` and the per-API URL variables.
 *
 * @example
 * const yagna = createYagnaApi({ appKey: devnet.appKey, url: devnet.url });
 * const me = await yagna.identity.me();
 * await yagna.close();
 */
export function createYagnaApi(opts: YagnaApiOptions = {}): YagnaApi {
  const config = new Configuration(opts);
  const core = new HttpCore({ ...opts, appKey: config.appKey });
  return {
    config,
    core,
    market: new Market(core.client("market", config.marketUrl)),
    activity: new ActivityService(core.client("activity", config.activityUrl)),
    payment: new Payment(core.client("payment", config.paymentUrl)),
    identity: new IdentityApi(core.client("identity", config.url)),
    images: (url) => new ImageRepository(core.client("images", url, { auth: false })),
    close: () => core.close(),
  };
}
