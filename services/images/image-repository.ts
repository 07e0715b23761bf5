import { ApiError, RequestTimeoutError, TransportError } from "../http/errors.js";
import type { RestClient, RestRequest } from "../http/rest-client.js";
import { PackageException } from "./package-exception.js";

/** The registry's `GET /v1/image/info` answer (what golem-js reads: `sha3`, `http`, `https`). */
export interface ImageInfo {
  sha3: string;
  http?: string;
  https?: string;
  tag?: string | null;
  size?: number;
  arch?: string;
}

/** Which image to look up in the registry. */
export type ImageQuery = { tag: string } | { hash: string };

/**
 * An image repository or registry (no app key is ever sent to it): yapapi's
 * `image.<hash>.link` lookup and golem-js's `/v1/image/info`, both turned into the demand's
 * `golem.srv.comp.task_package` value. Every failure is a PackageException saying what
 * was asked of which repository.
 *
 * @example
 * const repo = new ImageRepository(core.client("images", await resolveRepoSrv(), { auth: false }));
 * const taskPackage = await repo.taskPackage(imageHash); // "hash:sha3:<hash>:<url>"
 */
export class ImageRepository {
  constructor(readonly client: RestClient) {}

  /**
   * The download URL of an image, from `GET <repo>/image.<hash>.link`.
   *
   * @example
   * const url = await repo.imageUrl("9a3b...");
   */
  async imageUrl(imageHash: string): Promise<string> {
    if (!/^[0-9a-fA-F]+$/.test(imageHash))
      throw new PackageException(`Invalid image hash ${JSON.stringify(imageHash)}`);
    const body = await this.get({ method: "GET", path: `/image.${imageHash}.link` }, `image ${imageHash}`);
    const url = typeof body === "string" ? body.trim() : "";
    if (!/^https?:\/\/\S+$/.test(url)) {
      throw new PackageException(
        `Repository ${this.client.baseUrl} gave no URL for image ${imageHash}: ${JSON.stringify(body)}`,
      );
    }
    return url;
  }

  /**
   * The `golem.srv.comp.task_package` value for an image hash: `hash:sha3:<hash>:<url>`.
   *
   * @example
   * props["golem.srv.comp.task_package"] = await repo.taskPackage(imageHash);
   */
  async taskPackage(imageHash: string): Promise<string> {
    return `hash:sha3:${imageHash}:${await this.imageUrl(imageHash)}`;
  }

  /**
   * Looks an image up by tag or hash in a registry (`GET /v1/image/info?count=true&...`;
   * `dev: true` sends `dev=true` instead, as golem-js does in dev mode).
   *
   * @example
   * const info = await registry.imageInfo({ tag: "golem/alpine:latest" });
   */
  async imageInfo(query: ImageQuery, opts: { dev?: boolean } = {}): Promise<ImageInfo> {
    const what = "tag" in query ? `image ${query.tag}` : `image ${query.hash}`;
    const body = await this.get(
      {
        method: "GET",
        path: "/v1/image/info",
        query: { ...(opts.dev ? { dev: true } : { count: true }), ...query },
      },
      what,
    );
    const info = body as Partial<ImageInfo> | null;
    if (
      info === null ||
      typeof info !== "object" ||
      typeof info.sha3 !== "string" ||
      !(info.http || info.https)
    ) {
      throw new PackageException(
        `Registry ${this.client.baseUrl} gave no image info for ${what}: ${JSON.stringify(body)}`,
      );
    }
    return info as ImageInfo;
  }

  /**
   * The task package for a registry image: `hash:sha3:<sha3>:<http or https URL>`.
   *
   * @example
   * const taskPackage = await registry.taskPackageOf({ tag: "golem/alpine:latest" });
   */
  async taskPackageOf(query: ImageQuery, opts: { dev?: boolean; useHttps?: boolean } = {}): Promise<string> {
    const info = await this.imageInfo(query, opts);
    const url = opts.useHttps ? (info.https ?? info.http) : (info.http ?? info.https);
    return `hash:sha3:${info.sha3}:${url}`;
  }

  private async get(req: RestRequest, what: string): Promise<unknown> {
    try {
      return (await this.client.request({ ...req, headers: { accept: "*/*" } })).body;
    } catch (err) {
      const where = `${this.client.baseUrl}`;
      if (err instanceof ApiError) {
        const detail = err.daemonMessage ? `: ${err.daemonMessage}` : "";
        const message =
          err.status === 404
            ? `${what} not found in ${where}${detail}`
            : `${where} refused ${what} (${err.status})${detail}`;
        throw new PackageException(message, { cause: err });
      }
      if (err instanceof TransportError || err instanceof RequestTimeoutError) {
        throw new PackageException(
          `Image repository ${where} unreachable while fetching ${what}: ${err.message}`,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
  }
}
