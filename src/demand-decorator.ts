import type { DemandBuilder } from "./demand-builder.js";

/**
 * Anything that adds properties or constraints to a demand before it is published: a
 * package, a market strategy, a payment decoration.
 *
 * @example
 * const needsGpu: DemandDecorator = { decorateDemand: (d) => void d.ensure("(golem.!exp.gap-35.v1.inf.gpu.model=*)") };
 */
export interface DemandDecorator {
  decorateDemand(demand: DemandBuilder): void | Promise<void>;
}

/**
 * The application package that tasks run in (e.g. a VM image): it resolves to the URL
 * providers download it from, and decorates the demand with what it needs (image URL,
 * format, minimum memory and storage). Implementations live with the package code; this is
 * the shape the demand building relies on.
 *
 * @example
 * const pkg: Package = {
 *   resolveUrl: async () => "hash:sha3:9a3b...:http://repo/9a3b.gvmi",
 *   decorateDemand: async (d) => {
 *     d.ensure("(&(golem.inf.mem.gib>=0.5)\n\t(golem.inf.storage.gib>=2)\n\t(golem.runtime.name=vm))");
 *     d.add(new VmRequest({ packageUrl: await pkg.resolveUrl(), packageFormat: VmPackageFormat.GVMKIT_SQUASH }));
 *   },
 * };
 */
export interface Package extends DemandDecorator {
  /** The package URL, `hash:sha3:<image hash>:<image url>` for VM images. */
  resolveUrl(): Promise<string>;
  decorateDemand(demand: DemandBuilder): Promise<void>;
}
