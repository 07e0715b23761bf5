import { InvalidPropertiesError } from "../errors.js";
import type { JsonValue } from "../json.js";
import type { Field, Props } from "./fields.js";

/** The field specs of a model whose constructor takes `F`: one per field, keyed by field name. */
export type ModelFields<F> = { readonly [K in keyof F]-?: Field<Exclude<F[K], undefined>> };

/** Field names mapped to their property keys, e.g. `{ name: "golem.node.id.name" }`. */
export type ModelKeys<F> = { readonly [K in keyof F]-?: string };

/** The static side of a model class: its constructor and its field specs. */
export interface ModelClass<M extends Model, F> {
  new (init: F): M;
  readonly fields: ModelFields<F>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads a model of class `model` from flat properties: the work behind every model's
 * `fromProperties`. Keys the model does not know are ignored, so one property set can feed
 * several models. Fails with `InvalidPropertiesError` naming the key when a required key is
 * missing (`Missing key: '<key>'`) or a value cannot be read; the constructor's own checks
 * (values that do not fit together) fail the same way.
 *
 * @example
 * class Gpu extends Model { ...; static override fromProperties(p: Props): Gpu { return readModel(Gpu, p); } }
 */
export function readModel<M extends Model, F>(model: ModelClass<M, F>, props: Props): M {
  const data: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(model.fields) as [string, Field<unknown>][]) {
    const raw = Object.hasOwn(props, spec.key) ? props[spec.key] : undefined;
    if (raw === undefined || raw === null) {
      if (spec.required) throw new InvalidPropertiesError(`Missing key: '${spec.key}'`, spec.key);
      continue;
    }
    try {
      data[name] = spec.decode(raw);
    } catch (e) {
      throw new InvalidPropertiesError(`${spec.key}: ${errorText(e)}`, spec.key);
    }
  }
  try {
    // Every field was decoded by its own spec above, so data has F's shape.
    return new model(data as F);
  } catch (e) {
    if (e instanceof InvalidPropertiesError) throw e;
    throw new InvalidPropertiesError(errorText(e));
  }
}

/**
 * Base class of the property models (NodeInfo, Activity, Com, ComLinear, Inf, ...). A model
 * declares `static fields`, one `Field` per instance field, a constructor taking those
 * fields, and a `static fromProperties` returning its own type through `readModel` (so that
 * `View.extract(NodeInfo)` is typed); it then also has `keys()` and `toProperties()` (what
 * `DemandBuilder.add` writes). Models are frozen once built.
 *
 * @example
 * const info = NodeInfo.fromProperties({ "golem.node.id.name": "leopard", "other.key": 1 });
 * info.name; // "leopard"
 * NodeInfo.keys().subnetTag; // "golem.node.debug.subnet"
 */
export abstract class Model {
  /** Field specs by field name; each subclass declares its own. */
  static readonly fields: Readonly<Record<string, Field<unknown>>> = {};

  /**
   * Builds the model from flat properties (see `readModel`). Each subclass narrows the
   * return type to itself.
   *
   * @example
   * const pricing = ComLinear.fromProperties(offer.props);
   * pricing.fixedPrice.toFixed(); // "0"
   */
  static fromProperties(props: Props): Model {
    // biome-ignore lint/complexity/noThisInStatic: the subclass it is called on owns the fields.
    return readModel(this as unknown as ModelClass<Model, Record<string, unknown>>, props);
  }

  /**
   * The model's field names mapped to their property keys.
   *
   * @example
   * Activity.keys().expiration; // "golem.srv.comp.expiration"
   */
  static keys<F>(this: { readonly fields: ModelFields<F> }): ModelKeys<F> {
    const out: Record<string, string> = {};
    // biome-ignore lint/complexity/noThisInStatic: the subclass it is called on owns the fields.
    for (const [name, spec] of Object.entries(this.fields) as [string, Field<unknown>][])
      out[name] = spec.key;
    return Object.freeze(out) as ModelKeys<F>;
  }

  /**
   * The model's set fields as flat properties (unset fields are left out), encoded for the
   * wire: timestamps as epoch ms, durations as seconds, money as numbers.
   *
   * @example
   * new NodeInfo({ subnetTag: "public" }).toProperties(); // { "golem.node.debug.subnet": "public" }
   */
  toProperties(): Record<string, JsonValue> {
    const fields = (this.constructor as typeof Model).fields;
    const values = this as unknown as Readonly<Record<string, unknown>>;
    const out: Record<string, JsonValue> = {};
    for (const [name, spec] of Object.entries(fields)) {
      const value = values[name];
      if (value !== undefined && value !== null) out[spec.key] = spec.encode(value);
    }
    return out;
  }
}
