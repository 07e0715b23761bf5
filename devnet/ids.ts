import type { Rng } from "./rng.js";

/**
 * Id formats of the real daemon (yagna-protocol.md 1.7). Clients must treat ids as
 * opaque, but realistic shapes catch SDK code that does not.
 *
 * @example
 * const ids = new Ids(Rng.fromSeed("1"));
 * ids.proposal(); // "R-" + 64 hex digits
 */
export class Ids {
  constructor(private readonly rng: Rng) {}

  /** `0x` and 40 lowercase hex digits. */
  nodeId(): string {
    return `0x${this.rng.hex(40)}`;
  }

  /** `<32 hex>-<64 hex>`: demand subscription ids. */
  subscription(): string {
    return `${this.rng.hex(32)}-${this.rng.hex(64)}`;
  }

  /** `R-<64 hex>`: a proposal as the requestor sees it. */
  proposal(): string {
    return `R-${this.rng.hex(64)}`;
  }

  /** 64 hex digits: agreements. */
  agreement(): string {
    return this.rng.hex(64);
  }

  /** 32 hex digits: activities and batches. */
  simple(): string {
    return this.rng.hex(32);
  }

  /** UUID v4 with dashes: allocations, debit notes, invoices, payments. */
  uuid(): string {
    const h = this.rng.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Number.parseInt(h[16]!, 16) & 3]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** Proposal ids in paths are parsed strictly by the daemon. */
export const PROPOSAL_ID = /^[RP]-[0-9a-f]{64}$/;
/** Agreement ids in paths. */
export const AGREEMENT_ID = /^[0-9a-f]{64}$/;
