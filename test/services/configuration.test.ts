import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Configuration, DEFAULT_YAGNA_API_URL, MissingConfiguration } from "../../services/index.js";

describe("Configuration", () => {
  test("a missing app key names the variable to set", () => {
    assert.throws(
      () => new Configuration({ env: {} }),
      (err: unknown) =>
        err instanceof MissingConfiguration &&
        err.key === "YAGNA_APPKEY" &&
        /set env var YAGNA_APPKEY/.test(err.message),
    );
    assert.throws(() => new Configuration({ env: { YAGNA_APPKEY: "  " } }), MissingConfiguration);
  });

  test("defaults: the daemon's address and the per-API prefixes", () => {
    const c = new Configuration({ env: { YAGNA_APPKEY: "k" } });
    assert.equal(c.appKey, "k");
    assert.equal(c.url, DEFAULT_YAGNA_API_URL);
    assert.equal(c.marketUrl, "http://127.0.0.1:7465/market-api/v1");
    assert.equal(c.activityUrl, "http://127.0.0.1:7465/activity-api/v1");
    assert.equal(c.paymentUrl, "http://127.0.0.1:7465/payment-api/v1");
  });

  test("environment overrides the defaults, arguments override the environment", () => {
    const env = {
      YAGNA_APPKEY: "from-env",
      YAGNA_API_URL: "http://127.0.10.10:7500/",
      YAGNA_MARKET_URL: "http://127.0.0.2:1/m",
      YAGNA_ACTIVITY_URL: "http://127.0.0.3:2/a",
      YAGNA_PAYMENT_URL: "http://127.0.0.4:3/p",
    };
    const fromEnv = new Configuration({ env });
    assert.equal(fromEnv.appKey, "from-env");
    assert.equal(fromEnv.url, "http://127.0.10.10:7500");
    assert.equal(fromEnv.marketUrl, "http://127.0.0.2:1/m");
    assert.equal(fromEnv.activityUrl, "http://127.0.0.3:2/a");
    assert.equal(fromEnv.paymentUrl, "http://127.0.0.4:3/p");

    const explicit = new Configuration({
      env,
      appKey: "arg",
      url: "http://127.0.0.9:9",
      marketUrl: "http://127.0.0.9:9/mm",
    });
    assert.equal(explicit.appKey, "arg");
    assert.equal(explicit.url, "http://127.0.0.9:9");
    assert.equal(explicit.marketUrl, "http://127.0.0.9:9/mm");
    assert.equal(explicit.paymentUrl, "http://127.0.0.4:3/p");

    const base = new Configuration({ env: { YAGNA_APPKEY: "k", YAGNA_API_URL: "http://127.0.0.5:5" } });
    assert.equal(base.paymentUrl, "http://127.0.0.5:5/payment-api/v1");
  });

  test("bad URLs are refused with the variable's name", () => {
    assert.throws(() => new Configuration({ appKey: "k", url: "not a url" }), /YAGNA_API_URL: not a URL/);
    assert.throws(
      () => new Configuration({ appKey: "k", env: { YAGNA_MARKET_URL: "ftp://x" } }),
      /YAGNA_MARKET_URL/,
    );
  });

  test("the app key never shows in its printed forms", () => {
    const c = new Configuration({ appKey: "secret-key-123", env: {} });
    assert.doesNotMatch(String(c), /secret-key-123/);
    assert.doesNotMatch(JSON.stringify(c), /secret-key-123/);
    assert.doesNotMatch(JSON.stringify(Object.entries(c)), /secret-key-123/);
  });
});
