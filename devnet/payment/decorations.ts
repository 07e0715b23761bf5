import type { AllocationRecord } from "./ledger.js";

/** `MarketDecoration`: properties (string values) and constraints to merge into a demand. */
export interface MarketDecoration {
  properties: { key: string; value: string }[];
  constraints: string[];
}

/**
 * What `GET /demandDecorations` gives for some allocations (yagna-protocol.md 4.4): one
 * `golem.com.payment.platform.<p>.address` property per allocation and the protocol
 * version `"3"`; the platform constraint alone for one allocation, an OR group written
 * over several lines for more; the version constraint `>1`, or `>2` once any allocation
 * has a deposit.
 *
 * @example
 * demandDecorations([allocation]).constraints;
 * // ["(golem.com.payment.platform.erc20-holesky-tglm.address=*)", "(golem.com.payment.protocol.version>1)"]
 */
export function demandDecorations(allocations: readonly AllocationRecord[]): MarketDecoration {
  const properties = allocations.map((a) => ({
    key: `golem.com.payment.platform.${a.platform}.address`,
    value: a.address,
  }));
  const clauses = properties.map((p) => `(${p.key}=*)`);
  const platformClause =
    clauses.length === 1 ? clauses[0]! : `(|\n${clauses.map((c) => `  ${c}\n`).join("")})`;
  properties.push({ key: "golem.com.payment.protocol.version", value: "3" });
  const required = allocations.some((a) => a.deposit !== undefined) ? 3 : 2;
  return {
    properties,
    constraints: [platformClause, `(golem.com.payment.protocol.version>${required - 1})`],
  };
}
