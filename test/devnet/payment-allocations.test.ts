// Accounts, allocations and demand decorations over HTTP, as the daemon answers them.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createPaymentApi } from "../../devnet/payment/index.js";
import { call, type FakeContext, fakeContext, type RouteServer, serveRoutes } from "./helpers.js";

type Json = Record<string, unknown>;
const P = "/payment-api/v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("payment API: accounts and allocations", () => {
  let ctx: FakeContext;
  let server: RouteServer;
  let stop: () => void;

  before(async () => {
    ctx = fakeContext({
      seed: "allocations",
      providers: [{ name: "lynx" }],
      accounts: [
        { platform: "erc20-holesky-tglm", balance: "100" },
        { platform: "erc20-polygon-glm", balance: "5" },
      ],
    });
    const payment = createPaymentApi(ctx);
    stop = () => payment.stop?.();
    server = await serveRoutes(ctx, payment.routes);
  });
  after(async () => {
    stop();
    await server.close();
  });

  const create = (body: unknown) => call<Json>(server, "POST", `${P}/allocations`, body);

  test("requestorAccounts lists the configured accounts at the requestor's address", async () => {
    const { status, body } = await call(server, "GET", `${P}/requestorAccounts`);
    assert.equal(status, 200);
    const me = ctx.requestor.identity;
    assert.deepEqual(body, [
      {
        platform: "erc20-holesky-tglm",
        address: me,
        driver: "erc20",
        network: "holesky",
        token: "tGLM",
        send: true,
        receive: false,
      },
      {
        platform: "erc20-polygon-glm",
        address: me,
        driver: "erc20",
        network: "polygon",
        token: "GLM",
        send: true,
        receive: false,
      },
    ]);
  });

  test("the app key is required", async () => {
    const res = await fetch(`${server.url}${P}/allocations`);
    assert.equal(res.status, 401);
    assert.equal(await res.text(), "Missing application key");
  });

  test("create with a platform string answers 201 with the Allocation", async () => {
    const timeout = new Date(Date.now() + 3600_000).toISOString();
    const { status, body } = await create({
      paymentPlatform: "erc20-holesky-tglm",
      totalAmount: "10.50",
      timeout,
      makeDeposit: false,
      // yapapi's and golem-js's extra fields are ignored.
      allocationId: "",
      spentAmount: "",
      remainingAmount: "",
    });
    assert.equal(status, 201);
    assert.match(String(body.allocationId), UUID);
    assert.equal(body.address, ctx.requestor.identity);
    assert.equal(body.paymentPlatform, "erc20-holesky-tglm");
    assert.equal(body.totalAmount, "10.5");
    assert.equal(body.spentAmount, "0");
    assert.equal(body.remainingAmount, "10.5");
    assert.equal(Date.parse(String(body.timeout)), Date.parse(timeout));
    assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(body.makeDeposit, false);
    assert.equal("deposit" in body, false);
    assert.equal("extendTimeout" in body, false);
  });

  test("create with a platform object, a number amount, or nothing at all", async () => {
    const glm = await create({ paymentPlatform: { token: "glm" }, totalAmount: 1 });
    assert.equal(glm.status, 201);
    assert.equal(glm.body.paymentPlatform, "erc20-polygon-glm");
    assert.equal(glm.body.totalAmount, "1");
    const def = await create({ paymentPlatform: {}, totalAmount: 0.25, extendTimeout: 60 });
    assert.equal(def.body.paymentPlatform, "erc20-holesky-tglm");
    assert.equal(def.body.extendTimeout, 60);
    const none = await create({ totalAmount: "0" });
    assert.equal(none.status, 201);
    assert.equal(none.body.paymentPlatform, "erc20-holesky-tglm");
    assert.equal("timeout" in none.body, false);
  });

  test("every validation error is a 400 problem+json naming what is wrong", async () => {
    const cases: [unknown, string, Json][] = [
      [
        { paymentPlatform: "erc20-rinkeby-tglm", totalAmount: "1" },
        "/payment-api/v1/allocations/bad-payment-platform",
        {},
      ],
      [
        { paymentPlatform: "erc20-holesky-tGLM", totalAmount: "1" },
        "/payment-api/v1/allocations/bad-payment-platform",
        {},
      ],
      [
        { paymentPlatform: { token: "GLM" }, totalAmount: "1" },
        "/payment-api/v1/allocations/bad-payment-platform",
        {},
      ],
      [
        { paymentPlatform: "erc20-sepolia-tglm", totalAmount: "1" },
        "/payment-api/v1/allocations/account-not-registered",
        {},
      ],
      [
        { address: "0x2222222222222222222222222222222222222222", totalAmount: "1" },
        "/payment-api/v1/allocations/account-not-registered",
        {},
      ],
      [{ totalAmount: "1000" }, "/payment-api/v1/allocations/validation-error", { reservedFunds: "10.75" }],
      [
        { paymentPlatform: "erc20-polygon-glm", totalAmount: "4.5" },
        "/payment-api/v1/allocations/validation-error",
        {},
      ],
      [
        { totalAmount: "1", timeout: "2020-01-01T00:00:00Z" },
        "/payment-api/v1/allocations/validation-error",
        {},
      ],
      [{ totalAmount: "-1" }, "/payment-api/v1/allocations/validation-error", { field: "totalAmount" }],
      [{ totalAmount: "ten" }, "/payment-api/v1/allocations/validation-error", { field: "totalAmount" }],
      [{}, "/payment-api/v1/allocations/validation-error", { field: "totalAmount" }],
      [
        { totalAmount: "1", timeout: "tomorrow" },
        "/payment-api/v1/allocations/validation-error",
        { field: "timeout" },
      ],
      [[1, 2], "/payment-api/v1/allocations/validation-error", { field: "requestBody" }],
    ];
    for (const [body, type, extra] of cases) {
      const res = await create(body);
      const what = JSON.stringify(body);
      assert.equal(res.status, 400, what);
      assert.equal(res.type, "application/problem+json", what);
      assert.equal(res.body.type, type, what);
      assert.equal(typeof res.body.detail, "string", what);
      assert.notEqual(res.body.detail, "", what);
      for (const [k, v] of Object.entries(extra)) assert.deepEqual(res.body[k], v, `${what}: ${k}`);
      assert.deepEqual(res.body.requestBody, body, what);
    }
    const rinkeby = await create({ paymentPlatform: "erc20-rinkeby-tglm", totalAmount: "1" });
    assert.equal(rinkeby.body.parseError, "Validate network failed (2): Rinkeby is no longer supported");
    assert.equal(rinkeby.body.requestedPaymentPlatform, "erc20-rinkeby-tglm");
    const funds = await create({ paymentPlatform: "erc20-polygon-glm", totalAmount: "4.5" });
    assert.equal(
      funds.body.instance,
      "/payment-api/v1/allocations/validation-error/insufficient-account-funds",
    );
    assert.deepEqual(
      [funds.body.requestedFunds, funds.body.availableFunds, funds.body.reservedFunds],
      ["4.5", "5", "1"],
    );
    const past = await create({ totalAmount: "1", timeout: "2020-01-01T00:00:00Z" });
    assert.equal(past.body.instance, "/payment-api/v1/allocations/validation-error/timeout-passed");
    assert.equal(past.body.detail, "Requested allocation timeout is in the past");
  });

  test("get, list (active only, paged), amend, release, 404 and 410", async () => {
    const a = (await create({ totalAmount: "2" })).body;
    const b = (await create({ totalAmount: "3" })).body;
    const id = String(a.allocationId);

    const got = await call<Json>(server, "GET", `${P}/allocations/${id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, a);

    const all = await call<Json[]>(server, "GET", `${P}/allocations`);
    assert.ok(all.body.some((x) => x.allocationId === id));
    const after = await call<Json[]>(
      server,
      "GET",
      `${P}/allocations?afterTimestamp=${encodeURIComponent(String(a.timestamp))}&maxItems=50`,
    );
    assert.ok(after.body.every((x) => Date.parse(String(x.timestamp)) > Date.parse(String(a.timestamp))));
    const one = await call<Json[]>(server, "GET", `${P}/allocations?maxItems=1`);
    assert.equal(one.body.length, 1);
    const bad = await call<Json>(server, "GET", `${P}/allocations?afterTimestamp=yesterday`);
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /afterTimestamp/);

    const amended = await call<Json>(server, "PUT", `${P}/allocations/${id}`, {
      totalAmount: "4",
      timeout: "2099-01-01T00:00:00Z",
    });
    assert.equal(amended.status, 200);
    assert.equal(amended.body.totalAmount, "4");
    assert.equal(amended.body.remainingAmount, "4");
    assert.equal(Date.parse(String(amended.body.timeout)), Date.parse("2099-01-01T00:00:00Z"));
    const pastTimeout = await call<Json>(server, "PUT", `${P}/allocations/${id}`, {
      timeout: "2001-01-01T00:00:00Z",
    });
    assert.deepEqual(
      [pastTimeout.status, pastTimeout.body],
      [400, { message: "New allocation timeout is in the past" }],
    );
    const tooMuch = await call<Json>(server, "PUT", `${P}/allocations/${id}`, { totalAmount: "1000" });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.type, "application/problem+json");
    const noDeposit = await call<Json>(server, "PUT", `${P}/allocations/${id}`, {
      deposit: { validate: {} },
    });
    assert.equal(noDeposit.status, 400);

    const released = await call(server, "DELETE", `${P}/allocations/${id}`);
    assert.deepEqual([released.status, released.body], [200, null]);
    const again = await call(server, "DELETE", `${P}/allocations/${id}`);
    assert.deepEqual(
      [again.status, again.body],
      [410, { message: `Allocation ${id} has been already released` }],
    );
    const gone = await call(server, "GET", `${P}/allocations/${id}`);
    assert.deepEqual(
      [gone.status, gone.body],
      [410, { message: `Allocation ${id} has been already released` }],
    );
    const goneAmend = await call(server, "PUT", `${P}/allocations/${id}`, { totalAmount: "1" });
    assert.equal(goneAmend.status, 410);
    const listed = await call<Json[]>(server, "GET", `${P}/allocations`);
    assert.ok(!listed.body.some((x) => x.allocationId === id));
    assert.ok(listed.body.some((x) => x.allocationId === b.allocationId));

    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const method of ["GET", "PUT", "DELETE"]) {
      const res = await call(
        server,
        method,
        `${P}/allocations/${unknown}`,
        method === "PUT" ? {} : undefined,
      );
      assert.deepEqual([res.status, res.body], [404, { message: null }], method);
    }
    const expenditures = await call(server, "GET", `${P}/allocations/${String(b.allocationId)}/expenditures`);
    assert.deepEqual([expenditures.status, expenditures.body], [200, []]);
  });

  test("demand decorations for one and two allocations, unknown ids and no ids", async () => {
    const me = ctx.requestor.identity;
    const a = (await create({ totalAmount: "1" })).body;
    const b = (await create({ paymentPlatform: "erc20-polygon-glm", totalAmount: "0.5" })).body;
    const one = await call(server, "GET", `${P}/demandDecorations?allocationIds=${String(a.allocationId)}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, {
      properties: [
        { key: "golem.com.payment.platform.erc20-holesky-tglm.address", value: me },
        { key: "golem.com.payment.protocol.version", value: "3" },
      ],
      constraints: [
        "(golem.com.payment.platform.erc20-holesky-tglm.address=*)",
        "(golem.com.payment.protocol.version>1)",
      ],
    });
    const two = await call(
      server,
      "GET",
      `${P}/demandDecorations?allocationIds=${String(a.allocationId)},${String(b.allocationId)}`,
    );
    assert.deepEqual(two.body, {
      properties: [
        { key: "golem.com.payment.platform.erc20-holesky-tglm.address", value: me },
        { key: "golem.com.payment.platform.erc20-polygon-glm.address", value: me },
        { key: "golem.com.payment.protocol.version", value: "3" },
      ],
      constraints: [
        "(|\n  (golem.com.payment.platform.erc20-holesky-tglm.address=*)\n  (golem.com.payment.platform.erc20-polygon-glm.address=*)\n)",
        "(golem.com.payment.protocol.version>1)",
      ],
    });
    const unknown = await call(
      server,
      "GET",
      `${P}/demandDecorations?allocationIds=${String(a.allocationId)},nope`,
    );
    assert.deepEqual([unknown.status, unknown.body], [404, { message: null }]);
    const missing = await call(server, "GET", `${P}/demandDecorations`);
    assert.equal(missing.status, 400);
    assert.match(String(missing.body), /allocationIds/);
  });

  test("payments and their status start empty", async () => {
    const list = await call(server, "GET", `${P}/payments?timeout=0`);
    assert.deepEqual([list.status, list.body], [200, []]);
    const status = await call(server, "GET", `${P}/payments/status?driver=erc20&network=holesky`);
    assert.deepEqual([status.status, status.body], [200, []]);
    const unknownNet = await call<Json>(server, "GET", `${P}/payments/status?network=moon`);
    assert.equal(unknownNet.status, 400);
    assert.match(String(unknownNet.body.message), /moon/);
    const missing = await call(server, "GET", `${P}/payments/00000000-0000-4000-8000-000000000000`);
    assert.deepEqual([missing.status, missing.body], [404, { message: null }]);
  });
});
