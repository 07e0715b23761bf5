import { InvalidConstraintError, InvalidPropertiesError } from "./errors.js";
import type { JsonValue } from "./json.js";
import type { Model } from "./props/model.js";

/** A demand as the market API takes it (`POST /demands`, counter-proposals). */
export interface DemandBody {
  readonly properties: Record<string, JsonValue>;
  readonly constraints: string;
}

function checkValue(key: string, value: unknown, path: string): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new InvalidPropertiesError(`${path}: ${value} is not a finite number`, key);
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkValue(key, item, `${path}[${i}]`);
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) checkValue(key, v, `${path}.${k}`);
  } else if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
    throw new InvalidPropertiesError(`${path}: a ${typeof value} is not a property value`, key);
  }
}

/**
 * Builds a demand from property models and constraints. The constraint text is joined exactly
 * as yapapi 0.5 joins it: none gives `()`, one is used verbatim, and several give `(&` + the
 * constraints joined with `"\n\t"` + `)`. Unlike yapapi, `properties` is a copy, so a
 * counter-proposal made from it (with a chosen platform, say) cannot leak into the next one.
 *
 * @example
 * const builder = new DemandBuilder()
 *   .add(new NodeInfo({ subnetTag: "public" }))
 *   .ensure("(golem.node.debug.subnet=public)")
 *   .ensure("(golem.com.pricing.model=linear)");
 * builder.constraints; // "(&(golem.node.debug.subnet=public)\n\t(golem.com.pricing.model=linear))"
 */
export class DemandBuilder {
  readonly #properties = new Map<string, JsonValue>();
  readonly #constraints: string[] = [];

  /**
   * The demand's properties, as a fresh plain object (changing it changes nothing here).
   *
   * @example
   * builder.properties["golem.srv.comp.expiration"]; // 1717000000000
   */
  get properties(): Record<string, JsonValue> {
    return Object.fromEntries(this.#properties);
  }

  /**
   * The constraints joined into one filter, exactly as yapapi joins them.
   *
   * @example
   * new DemandBuilder().constraints; // "()"
   */
  get constraints(): string {
    const list = this.#constraints;
    if (list.length === 0) return "()";
    if (list.length === 1) return list[0]!;
    return `(&${list.join("\n\t")})`;
  }

  /**
   * The constraints one by one, in the order they were added.
   *
   * @example
   * builder.constraintList; // ["(golem.com.pricing.model=linear)"]
   */
  get constraintList(): readonly string[] {
    return [...this.#constraints];
  }

  /**
   * Adds a constraint (an LDAP-style filter in parentheses). Fails with
   * `InvalidConstraintError` for anything else, since it would break the joined filter.
   *
   * @example
   * builder.ensure("(golem.inf.mem.gib>=0.5)");
   */
  ensure(constraint: string): this {
    if (typeof constraint !== "string" || !/^\(.*\)$/s.test(constraint.trim())) {
      throw new InvalidConstraintError(constraint);
    }
    this.#constraints.push(constraint);
    return this;
  }

  /**
   * Adds the set fields of a property model (unset ones are skipped), overwriting earlier
   * values of the same keys.
   *
   * @example
   * builder.add(new Activity({ expiration: Date.now() + 15 * 60_000, multiActivity: true }));
   */
  add(model: Model): this {
    for (const [key, value] of Object.entries(model.toProperties())) this.set(key, value);
    return this;
  }

  /**
   * Sets one property, e.g. from a payment decoration. Values must be JSON (numbers finite);
   * anything else fails with `InvalidPropertiesError` naming the key.
   *
   * @example
   * builder.set("golem.com.payment.platform.erc20-holesky-tglm.address", "0xabc");
   */
  set(key: string, value: JsonValue): this {
    if (typeof key !== "string" || key === "")
      throw new InvalidPropertiesError("a property key must be a non-empty string");
    checkValue(key, value, key);
    this.#properties.set(key, value);
    return this;
  }

  /**
   * The demand as the market API takes it, with optional extra properties for this body only
   * (e.g. the chosen payment platform of one counter-proposal).
   *
   * @example
   * const { properties, constraints } = builder.toDemand({ [CHOSEN_PLATFORM]: "erc20-holesky-tglm" });
   * await proposal.respond(properties, constraints);
   */
  toDemand(extra: Readonly<Record<string, JsonValue>> = {}): DemandBody {
    const properties = this.properties;
    for (const [key, value] of Object.entries(extra)) {
      checkValue(key, value, key);
      Object.defineProperty(properties, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return { properties, constraints: this.constraints };
  }

  /**
   * An independent copy of this builder.
   *
   * @example
   * const forProvider = builder.clone().set(CHOSEN_PLATFORM, "erc20-holesky-tglm");
   */
  clone(): DemandBuilder {
    const copy = new DemandBuilder();
    for (const [key, value] of this.#properties) copy.#properties.set(key, value);
    copy.#constraints.push(...this.#constraints);
    return copy;
  }

  /**
   * The demand body, so that `JSON.stringify(builder)` shows what would be sent.
   *
   * @example
   * JSON.stringify(builder); // '{"properties":{...},"constraints":"()"}'
   */
  toJSON(): DemandBody {
    return this.toDemand();
  }
}
