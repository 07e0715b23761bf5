/**
 * Payment platforms `<driver>-<network>-<token>` as the daemon names and parses them
 * (yagna-protocol.md 4.2, 4.3): lowercase tokens in names, `tglm` on test networks and
 * `glm` on production ones, legacy networks refused.
 */

/** A parsed platform. `token` is lowercase, as in the platform name. */
export interface Platform {
  name: string;
  driver: string;
  network: string;
  token: string;
}

const MAINNETS = new Set(["mainnet", "polygon"]);
const TESTNETS = new Set(["holesky", "hoodi", "sepolia", "amoy", "yatestnet"]);
const LEGACY: Record<string, string> = { rinkeby: "Rinkeby", goerli: "Goerli", mumbai: "Mumbai" };
const DRIVERS = new Set(["erc20"]);

export const DEFAULT_TESTNET: Platform = {
  name: "erc20-holesky-tglm",
  driver: "erc20",
  network: "holesky",
  token: "tglm",
};
export const DEFAULT_MAINNET: Platform = {
  name: "erc20-polygon-glm",
  driver: "erc20",
  network: "polygon",
  token: "glm",
};

/** The dummy driver's platform has two parts only. */
const DUMMY: Platform = { name: "dummy-glm", driver: "dummy", network: "dummy", token: "glm" };

/**
 * Thrown when a platform does not parse; the message is the daemon's `parseError`.
 *
 * @example
 * throw new PlatformError("Validate network failed (2): Invalid network name: moon");
 */
export class PlatformError extends Error {}

function network(name: string, step: 1 | 2): string {
  if (LEGACY[name])
    throw new PlatformError(`Validate network failed (${step}): ${LEGACY[name]} is no longer supported`);
  if (!MAINNETS.has(name) && !TESTNETS.has(name)) {
    throw new PlatformError(`Validate network failed (${step}): Invalid network name: ${name}`);
  }
  return name;
}

function driver(name: string, step: 1 | 2): string {
  if (!DRIVERS.has(name))
    throw new PlatformError(`Validate driver failed (${step}): Invalid driver name ${name}`);
  return name;
}

function defaultToken(net: string): string {
  return MAINNETS.has(net) ? "glm" : "tglm";
}

function token(drv: string, net: string, given: string, step: 1 | 2): string {
  if (given === "GLM" || given === "tGLM") {
    throw new PlatformError(
      `Validate token failed (${step}): Uppercase token names are not supported. Use lowercase glm or tglm instead of ${given}`,
    );
  }
  const expected = defaultToken(net);
  if (given !== expected) {
    throw new PlatformError(
      `Validate token failed (${step}): Token ${given} does not match expected token ${expected} for driver ${drv} and network ${net}. ` +
        "Note that for test networks expected token name is tglm and for production networks it is glm",
    );
  }
  return given;
}

/**
 * Parses a platform name such as `erc20-holesky-tglm`.
 *
 * @example
 * parsePlatformName("erc20-polygon-glm").network; // "polygon"
 */
export function parsePlatformName(name: string): Platform {
  if (name === DUMMY.name) return DUMMY;
  const parts = name.split("-");
  if (parts.length !== 3) {
    throw new PlatformError(`paymentPlatform must be of the form driver-network-token instead of ${name}`);
  }
  const net = network(parts[1]!, 2);
  const drv = driver(parts[0]!, 2);
  const tok = token(drv, net, parts[2]!, 2);
  return { name: `${drv}-${net}-${tok}`, driver: drv, network: net, token: tok };
}

/**
 * Resolves the object form `{driver?, network?, token?}`: `{}` is the default testnet,
 * `{token:"glm"}` the default mainnet, a missing part takes its default.
 *
 * @example
 * platformFromObject({ token: "tglm" }).name; // "erc20-holesky-tglm"
 */
export function platformFromObject(input: Record<string, unknown>): Platform {
  for (const key of ["driver", "network", "token"]) {
    const v = input[key];
    if (v !== undefined && v !== null && typeof v !== "string") {
      throw new PlatformError(`paymentPlatform.${key} must be a string`);
    }
  }
  const d = (input.driver ?? undefined) as string | undefined;
  const n = (input.network ?? undefined) as string | undefined;
  const t = (input.token ?? undefined) as string | undefined;
  if (d === undefined && n === undefined && t === undefined) return DEFAULT_TESTNET;
  if (t !== undefined && d === undefined && n === undefined) {
    if (t === "GLM" || t === "tGLM") {
      throw new PlatformError(
        `Uppercase token names are not supported. Use lowercase glm or tglm instead of ${t}`,
      );
    }
    if (t === "glm") return DEFAULT_MAINNET;
    if (t === "tglm") return DEFAULT_TESTNET;
    throw new PlatformError(`Only glm or tglm token values are accepted vs ${t} provided`);
  }
  const net = network(n ?? (t === "glm" ? DEFAULT_MAINNET.network : DEFAULT_TESTNET.network), 1);
  const drv = driver(d ?? "erc20", 1);
  const tok = t === undefined ? defaultToken(net) : token(drv, net, t, 1);
  return { name: `${drv}-${net}-${tok}`, driver: drv, network: net, token: tok };
}

/**
 * The parts of an account's platform as `GET /requestorAccounts` shows them, with the
 * token in mixed case (`tGLM`, `GLM`). Accepts any configured name, legacy included.
 *
 * @example
 * accountParts("erc20-hoodi-tglm"); // { driver: "erc20", network: "hoodi", token: "tGLM" }
 */
export function accountParts(platform: string): { driver: string; network: string; token: string } {
  const parts = platform.split("-");
  const [drv, net, tok] =
    parts.length >= 3 ? parts : [parts[0] ?? platform, parts[0] ?? platform, parts[1] ?? "glm"];
  const lower = (tok ?? "").toLowerCase();
  const display = lower === "tglm" ? "tGLM" : lower === "glm" ? "GLM" : (tok ?? "");
  return { driver: drv ?? "", network: net ?? "", token: display };
}
