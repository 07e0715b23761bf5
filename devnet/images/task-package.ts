/** The parts of a `golem.srv.comp.task_package` value. */
export interface TaskPackage {
  /** Always "sha3": the only algorithm the devnet's images use. */
  algorithm: "sha3";
  /** 56 lowercase hex digits. */
  hash: string;
  /** Where the image can be downloaded (this devnet, another one, the real registry). */
  url: string;
}

/**
 * Parses `hash:sha3:<hash>:<url>` or `hash://sha3:<hash>:<url>`, the two spellings
 * requestors send; throws an Error saying what is wrong otherwise.
 *
 * @example
 * parseTaskPackage(`hash:sha3:${hash}:http://127.0.0.1:7465/v1/image/download?hash=${hash}`).hash === hash;
 */
export function parseTaskPackage(text: string): TaskPackage {
  const m = /^hash:(?:\/\/)?([A-Za-z0-9-]+):([^:]*):(.+)$/.exec(text);
  if (!m) {
    throw new Error(
      `Invalid task package '${text}': expected hash:sha3:<hash>:<url> or hash://sha3:<hash>:<url>`,
    );
  }
  const algorithm = m[1]!.toLowerCase();
  if (algorithm !== "sha3") {
    throw new Error(
      `Unsupported image hash algorithm '${m[1]}' in task package: devnet images use sha3 (SHA3-224)`,
    );
  }
  const hash = m[2]!.toLowerCase();
  if (!/^[0-9a-f]{56}$/.test(hash)) {
    throw new Error(`Invalid image hash '${m[2]}' in task package: expected 56 hex digits (SHA3-224)`);
  }
  return { algorithm, hash, url: m[3]! };
}
