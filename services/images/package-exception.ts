/**
 * A problem with the image (package) repository: its address could not be resolved, an
 * image is unknown, or the repository answered something unusable.
 *
 * @example
 * try { await repo.taskPackage(hash); }
 * catch (e) { if (e instanceof PackageException) console.error(e.message); }
 */
export class PackageException extends Error {
  override readonly name: string = "PackageException";
}
