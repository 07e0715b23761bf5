import { DemandBuilder } from "./demand-builder.js";
import type { DemandDecorator } from "./demand-decorator.js";
import type { JsonValue } from "./json.js";
import { Activity } from "./props/activity.js";
import { NodeInfo } from "./props/node-info.js";

/**
 * What the payment API's `GET /demandDecorations` returns for the requestor's allocations:
 * properties (payer addresses per platform) and constraints to merge into the demand.
 */
export interface MarketDecoration {
  readonly properties: readonly { readonly key: string; readonly value: JsonValue }[];
  readonly constraints: readonly string[];
}

/**
 * Merges a payment decoration into a demand: each constraint through `ensure`, each
 * property set (later keys win), as yapapi does.
 *
 * @example
 * applyMarketDecoration(builder, await payment.decorateDemand([allocation.id]));
 */
export function applyMarketDecoration(builder: DemandBuilder, decoration: MarketDecoration): DemandBuilder {
  for (const constraint of decoration.constraints) builder.ensure(constraint);
  for (const { key, value } of decoration.properties) builder.set(key, value);
  return builder;
}

/**
 * Lets each decorator add to the demand, one after another in the order given (a package
 * before the strategy, as yapapi does).
 *
 * @example
 * await decorateDemand(builder, pkg, strategy);
 */
export async function decorateDemand(
  builder: DemandBuilder,
  ...decorators: DemandDecorator[]
): Promise<DemandBuilder> {
  for (const decorator of decorators) await decorator.decorateDemand(builder);
  return builder;
}

/** What a computation's demand is made of (see `buildDemand`). */
export interface DemandSpec {
  /** When the demand and its agreements expire, as Unix epoch ms. */
  readonly expiration: number;
  /** Only providers in this subnet; none: any subnet. */
  readonly subnetTag?: string | null;
  /** Whether agreements may host several activities; yapapi's executor always says yes. */
  readonly multiActivity?: boolean;
  /** The payment API's decorations for the computation's allocations. */
  readonly payment?: MarketDecoration | readonly MarketDecoration[];
  /** The task package (`Package`). */
  readonly package: DemandDecorator;
  /** The market strategy. */
  readonly strategy: DemandDecorator;
}

/**
 * Builds a computation's demand in yapapi 0.5's order: `Activity` (expiration,
 * multi-activity), `NodeInfo` (subnet) with the `(golem.node.debug.subnet=<tag>)` constraint
 * when a subnet is given, the payment decorations, then the package's and the strategy's own
 * decorations.
 *
 * @example
 * const demand = await buildDemand({ expiration: Date.now() + 15 * 60_000, subnetTag: "public",
 *   payment: decoration, package: pkg, strategy });
 * await market.subscribe(demand.properties, demand.constraints);
 */
export async function buildDemand(spec: DemandSpec): Promise<DemandBuilder> {
  const builder = new DemandBuilder();
  builder.add(new Activity({ expiration: spec.expiration, multiActivity: spec.multiActivity ?? true }));
  const subnet = spec.subnetTag ?? undefined;
  builder.add(new NodeInfo({ subnetTag: subnet }));
  if (subnet !== undefined) builder.ensure(`(${NodeInfo.keys().subnetTag}=${subnet})`);
  const payment = spec.payment ?? [];
  for (const decoration of "constraints" in payment ? [payment] : payment)
    applyMarketDecoration(builder, decoration);
  return decorateDemand(builder, spec.package, spec.strategy);
}
