import type { Props } from "./fields.js";
import { stringField } from "./fields.js";
import { Model, type ModelFields, readModel } from "./model.js";

/** The fields of `NodeInfo`. */
export interface NodeInfoFields {
  /** Human-readable name of the Golem node (`golem.node.id.name`). */
  name?: string;
  /** The subnet in which demands and offers are matched (`golem.node.debug.subnet`). */
  subnetTag?: string;
}

/**
 * Properties describing a node: its name and its subnet.
 *
 * @example
 * const info = NodeInfo.fromProperties(offer.props);
 * console.log(info.name ?? offer.issuer, info.subnetTag);
 * builder.add(new NodeInfo({ subnetTag: "public" }));
 */
export class NodeInfo extends Model implements NodeInfoFields {
  static override readonly fields: ModelFields<NodeInfoFields> = {
    name: stringField("golem.node.id.name"),
    subnetTag: stringField("golem.node.debug.subnet"),
  };

  readonly name?: string;
  readonly subnetTag?: string;

  constructor(init: NodeInfoFields = {}) {
    super();
    this.name = init.name;
    this.subnetTag = init.subnetTag;
    if (new.target === NodeInfo) Object.freeze(this);
  }

  /**
   * Reads a `NodeInfo` from flat properties; see `readModel`.
   *
   * @example
   * const x = NodeInfo.fromProperties(offer.props);
   */
  static override fromProperties(props: Props): NodeInfo {
    return readModel(NodeInfo, props);
  }
}
