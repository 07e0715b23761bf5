import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  ApiError,
  AuthenticationError,
  createYagnaApi,
  IdentityApi,
  MissingConfiguration,
} from "../../services/index.js";
import { checkSchemas, type Harness, startHarness } from "./harness.js";

describe("identity and version against the devnet", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: "identity", appKeyName: "tester" });
  });
  after(() => h.stop());

  test("GET /me gives the app key's identity", async () => {
    const me = await h.api.identity.me();
    assert.equal(me.identity, h.devnet.identity);
    assert.equal(me.name, "tester");
    assert.match(me.identity, /^0x[0-9a-f]{40}$/);
  });

  test("GET /version/get", async () => {
    const { current } = await h.api.identity.version();
    assert.match(current.version, /^\d+\.\d+\.\d+/);
  });

  test("a wrong app key is an AuthenticationError (401) naming the variable, without the key", async () => {
    const wrong = createYagnaApi({ appKey: "wrong-key-42", url: h.devnet.url, env: {} });
    try {
      await assert.rejects(wrong.identity.me(), (err: unknown) => {
        assert.ok(err instanceof AuthenticationError);
        assert.equal(err.status, 401);
        assert.equal(err.daemonMessage, "Invalid application key");
        assert.match(err.message, /YAGNA_APPKEY/);
        assert.doesNotMatch(err.message, /wrong-key-42/);
        return true;
      });
      await assert.rejects(wrong.market.subscriptions(), AuthenticationError);
      await assert.rejects(wrong.payment.accounts(), AuthenticationError);
      // /version/get is open, as in the daemon.
      assert.ok((await wrong.identity.version()).current.version);
    } finally {
      await wrong.close();
    }
  });

  test("a missing app key: MissingConfiguration before any call, 401 from the daemon without the header", async () => {
    assert.throws(() => createYagnaApi({ url: h.devnet.url, env: {} }), MissingConfiguration);
    const anonymous = new IdentityApi(h.api.core.client("identity", h.devnet.url, { auth: false }));
    await assert.rejects(anonymous.me(), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError && err.daemonMessage === "Missing application key");
      return true;
    });
  });

  test("an unknown route is a plain ApiError 404", async () => {
    await assert.rejects(
      h.api.core.client("identity", h.devnet.url).request({ method: "GET", path: "/no-such-thing" }),
      (err: unknown) =>
        err instanceof ApiError && !(err instanceof AuthenticationError) && err.status === 404,
    );
  });

  test("every exchange matches the OpenAPI schemas", (t) =>
    checkSchemas(
      t,
      h.exchanges.filter((e) => e.status < 400),
    ));
});
