import { HttpError } from "../http.js";

/**
 * RFC 7807 answers of allocation creation and amendment, with the daemon's `type`,
 * `instance` and extension fields (`requestBody`, `paymentPlatform`, `address`, ...).
 * Extension keys come out sorted, as the daemon's map serialises them.
 */

const VALIDATION = "/payment-api/v1/allocations/validation-error";

function problem(
  status: number,
  type: string,
  detail: string,
  instance: string | undefined,
  extensions: Record<string, unknown>,
): HttpError {
  const fields: Record<string, unknown> = { type, detail };
  if (instance !== undefined) fields.instance = instance;
  for (const key of Object.keys(extensions).sort()) fields[key] = extensions[key];
  return HttpError.problem(status, fields);
}

/**
 * The platform (string or object) does not parse.
 *
 * @example
 * throw badPlatform(body, "Rinkeby is no longer supported", "erc20-rinkeby-tglm");
 */
export function badPlatform(requestBody: unknown, parseError: string, requested: unknown): HttpError {
  return problem(
    400,
    "/payment-api/v1/allocations/bad-payment-platform",
    "Payment platform doesn't parse",
    undefined,
    {
      requestBody,
      parseError,
      requestedPaymentPlatform: requested,
    },
  );
}

/**
 * No account for this platform and address. The daemon answers 500 here; the devnet
 * answers 400, since it is the client's input that names an account that does not exist.
 *
 * @example
 * throw accountNotRegistered(body, "erc20-sepolia-tglm", "0xabc...");
 */
export function accountNotRegistered(requestBody: unknown, platform: string, address: string): HttpError {
  return problem(
    400,
    "/payment-api/v1/allocations/account-not-registered",
    `Account ${address} not registered for platform ${platform}`,
    undefined,
    { requestBody, paymentPlatform: platform, address },
  );
}

/**
 * The account's balance cannot cover the active allocations plus this one.
 *
 * @example
 * throw insufficientFunds(body, "erc20-holesky-tglm", me, { requested: "5", available: "1000", reserved: "998" });
 */
export function insufficientFunds(
  requestBody: unknown,
  platform: string,
  address: string,
  funds: { requested: string; available: string; reserved: string },
): HttpError {
  return problem(
    400,
    VALIDATION,
    "Insufficient funds to create the allocation. Top up your account or release all existing allocations " +
      "to unlock the funds via `yagna payment release-allocations`",
    `${VALIDATION}/insufficient-account-funds`,
    {
      requestBody,
      paymentPlatform: platform,
      address,
      requestedFunds: funds.requested,
      availableFunds: funds.available,
      reservedFunds: funds.reserved,
    },
  );
}

/**
 * The requested `timeout` has already passed.
 *
 * @example
 * throw timeoutPassed(body, platform, address, "2001-01-01T00:00:00+00:00");
 */
export function timeoutPassed(
  requestBody: unknown,
  platform: string,
  address: string,
  requestedTimeout: string,
): HttpError {
  return problem(
    400,
    VALIDATION,
    "Requested allocation timeout is in the past",
    `${VALIDATION}/timeout-passed`,
    {
      requestBody,
      paymentPlatform: platform,
      address,
      requestedTimeout,
    },
  );
}

/**
 * The deposit's contract address or id is malformed.
 *
 * @example
 * throw malformedDeposit(body, platform, address, "contract");
 */
export function malformedDeposit(
  requestBody: unknown,
  platform: string,
  address: string,
  part: "contract" | "id",
): HttpError {
  const detail = part === "contract" ? "Invalid deposit contract address" : "Invalid deposit id";
  return problem(400, VALIDATION, detail, `${VALIDATION}/malformed-deposit-${part}`, {
    requestBody,
    paymentPlatform: platform,
    address,
  });
}

/**
 * A field of the request is missing or malformed (where the daemon's JSON extractor
 * would refuse the body): `field` names it, `detail` says what is wrong.
 *
 * @example
 * throw invalidField(body, "totalAmount", "totalAmount is required");
 */
export function invalidField(requestBody: unknown, field: string, detail: string): HttpError {
  const slug = field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return problem(400, VALIDATION, detail, `${VALIDATION}/invalid-${slug}`, { requestBody, field });
}
