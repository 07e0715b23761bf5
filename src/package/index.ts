/** Packages: what tasks run in (seed: `yapapi.package`). */
export { PackageException } from "../../services/images/package-exception.js";
export type { Package } from "../demand-decorator.js";
export { type RepoOptions, repo } from "./vm.js";
