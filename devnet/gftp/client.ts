import { randomUUID } from "node:crypto";
import { GFTP_API } from "./routes.js";

const CALL_TIMEOUT_MS = 30_000;

/**
 * How a `gftp server` process talks to the devnet: the same `YAGNA_API_URL` and
 * `YAGNA_APPKEY` a requestor uses, and a session id so that the devnet can tell this
 * process's URLs from another's.
 *
 * @example
 * const devnet = new DevnetGftpClient("http://127.0.0.1:7465", process.env.YAGNA_APPKEY);
 * const { url } = await devnet.call<{ url: string }>("publish", { path: "/tmp/in.txt" });
 */
export class DevnetGftpClient {
  readonly session = randomUUID();

  constructor(
    readonly apiUrl: string,
    private readonly appKey: string | undefined,
  ) {}

  /** POSTs to `/devnet-api/v1/gftp/<op>`; throws an Error that says how to fix the setup. */
  async call<T>(op: string, body: Record<string, unknown>, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    if (!this.appKey) {
      throw new Error(
        "YAGNA_APPKEY is not set: export the key `yatsapi devnet` printed before starting gftp",
      );
    }
    const url = `${this.apiUrl.replace(/\/+$/, "")}${GFTP_API}/${op}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${this.appKey}`, "content-type": "application/json" },
        body: JSON.stringify({ ...body, session: this.session }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new Error(
        `Cannot reach the devnet at ${this.apiUrl} (${cause}): is \`yatsapi devnet\` running, and YAGNA_API_URL set to its URL?`,
      );
    }
    const text = await res.text();
    if (res.status === 401)
      throw new Error(
        `The devnet at ${this.apiUrl} refused YAGNA_APPKEY (${text}): use the key \`yatsapi devnet\` printed`,
      );
    if (res.status === 404 && text === "") {
      throw new Error(`${this.apiUrl} has no gftp registration API: is YAGNA_API_URL a yatsapi devnet?`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`The devnet answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const message = (parsed as { message?: unknown } | null)?.message;
      throw new Error(typeof message === "string" ? message : `The devnet answered ${res.status}`);
    }
    return parsed as T;
  }
}
