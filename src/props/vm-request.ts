import type { Props } from "./fields.js";
import { required, stringField } from "./fields.js";
import { Model, type ModelFields, readModel } from "./model.js";

/** `golem.srv.comp.task_package`: the image to deploy, `hash:sha3:<hash>:<url>`. */
export const TASK_PACKAGE = "golem.srv.comp.task_package";
/** `golem.srv.comp.vm.package_format`: the VM image format. */
export const VM_PACKAGE_FORMAT = "golem.srv.comp.vm.package_format";

/** VM image formats. */
export const VmPackageFormat = Object.freeze({ GVMKIT_SQUASH: "gvmkit-squash" } as const);

/** The fields of `VmRequest`. */
export interface VmRequestFields {
  /** The package URL, `hash:sha3:<image hash>:<image url>`. */
  packageUrl: string;
  /** The image format, `gvmkit-squash` for Golem VM images. */
  packageFormat?: string;
}

/**
 * The demand properties that ask for a VM image, what a VM package adds to a demand.
 *
 * @example
 * builder.add(new VmRequest({ packageUrl: "hash:sha3:abc:http://repo/abc.gvmi", packageFormat: VmPackageFormat.GVMKIT_SQUASH }));
 */
export class VmRequest extends Model implements VmRequestFields {
  static override readonly fields: ModelFields<VmRequestFields> = {
    packageUrl: required(stringField(TASK_PACKAGE)),
    packageFormat: stringField(VM_PACKAGE_FORMAT),
  };

  readonly packageUrl: string;
  readonly packageFormat?: string;

  constructor(init: VmRequestFields) {
    super();
    this.packageUrl = init.packageUrl;
    this.packageFormat = init.packageFormat;
    if (new.target === VmRequest) Object.freeze(this);
  }

  /**
   * Reads a `VmRequest` from flat properties; see `readModel`.
   *
   * @example
   * const x = VmRequest.fromProperties(offer.props);
   */
  static override fromProperties(props: Props): VmRequest {
    return readModel(VmRequest, props);
  }
}
