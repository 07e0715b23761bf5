import { ApiError } from "../http/errors.js";
import { asObject } from "../http/guards.js";
import { pathOf, type RestClient, type RestRequest } from "../http/rest-client.js";
import { AgreementDetails } from "./agreement-details.js";
import type { AgreementData, AgreementTerminationReason, Reason } from "./types.js";

/** The reason yapapi sends when a requestor ends an agreement normally. */
export const SUCCESS_REASON: Reason = { message: "Finished", "golem.requestor.code": "Success" };

/** Options of `Agreement.confirm`. */
export interface ConfirmOptions {
  /** Scopes agreement and payment events of this agreement (golem-js sends one per process). */
  appSessionId?: string;
  /** How long to wait for the provider's approval, ms. Default 15 000 (yapapi 0.5.1+). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * An agreement between us and a provider. Confirm it, run activities under it, and
 * terminate it when done.
 *
 * @example
 * const agreement = await draft.createAgreement();
 * if (await agreement.confirm()) {
 *   const details = await agreement.details();
 *   console.log(details.providerView.properties["golem.node.id.name"]);
 *   await agreement.terminate();
 * }
 */
export class Agreement {
  constructor(
    readonly client: RestClient,
    readonly id: string,
  ) {}

  /**
   * Reads the agreement: state, the demand (requestor view) and the offer (provider view).
   *
   * @example
   * const { state, providerId } = await agreement.details();
   */
  async details(): Promise<AgreementDetails> {
    const req: RestRequest = { method: "GET", path: pathOf`/agreements/${this.id}` };
    const res = await this.client.request(req);
    return new AgreementDetails(
      asObject<AgreementData>(res.body, this.client.site(req), ["agreementId", "state", "demand", "offer"]),
    );
  }

  /**
   * Sends the agreement to the provider and waits for its approval. True when approved;
   * false when the provider rejected it, the wait timed out, or the agreement was in a state
   * that cannot be confirmed (the daemon's 4xx). Server errors and transport failures throw.
   *
   * @example
   * const ok = await agreement.confirm({ appSessionId, timeoutMs: 15_000 });
   */
  async confirm(opts: ConfirmOptions = {}): Promise<boolean> {
    try {
      await this.client.request({
        method: "POST",
        path: pathOf`/agreements/${this.id}/confirm`,
        query: { appSessionId: opts.appSessionId },
        signal: opts.signal,
        retry: ["timeout"],
      });
    } catch (err) {
      if (isRefusal(err)) return false;
      throw err;
    }
    return this.waitForApproval(opts);
  }

  /**
   * Waits for the provider's approval of a confirmed agreement: true when approved, false
   * on rejection (410), time-out (408) or a state that can no longer be approved (400/409).
   * An unknown agreement (404) throws.
   *
   * @example
   * const approved = await agreement.waitForApproval({ timeoutMs: 60_000 });
   */
  async waitForApproval(opts: Pick<ConfirmOptions, "timeoutMs" | "signal"> = {}): Promise<boolean> {
    const timeoutMs = opts.timeoutMs ?? 15_000;
    try {
      await this.client.request({
        method: "POST",
        path: pathOf`/agreements/${this.id}/wait`,
        query: { timeout: timeoutMs / 1000 },
        longPollMs: timeoutMs,
        signal: opts.signal,
        // A 408 here is the answer "not approved in time", not a hiccup to retry.
        retry: ["reset"],
      });
      return true;
    } catch (err) {
      if (isRefusal(err)) return false;
      throw err;
    }
  }

  /**
   * Terminates an approved agreement. True when this call ended it; false when the daemon
   * says it cannot be terminated (409 still a proposal, 410 already ended).
   *
   * @example
   * await agreement.terminate({ message: "Work cancelled", "golem.requestor.code": "Cancelled" });
   */
  async terminate(reason: Reason = SUCCESS_REASON): Promise<boolean> {
    return this.end("terminate", reason);
  }

  /**
   * Cancels an agreement still waiting for approval (states Proposal or Pending).
   * True when cancelled, false when it was too late (410).
   *
   * @example
   * await agreement.cancel({ message: "Not needed" });
   */
  async cancel(reason: Reason = { message: "Cancelled" }): Promise<boolean> {
    return this.end("cancel", reason);
  }

  /**
   * Why and by whom a terminated agreement was ended (`GET .../terminate/reason`).
   *
   * @example
   * const { terminator, reason } = await agreement.terminationReason();
   */
  async terminationReason(): Promise<AgreementTerminationReason> {
    const req: RestRequest = { method: "GET", path: pathOf`/agreements/${this.id}/terminate/reason` };
    const res = await this.client.request(req);
    return asObject<AgreementTerminationReason>(res.body, this.client.site(req), [
      "agreementId",
      "terminator",
    ]);
  }

  private async end(action: "terminate" | "cancel", reason: Reason): Promise<boolean> {
    try {
      await this.client.request({
        method: "POST",
        path: `${pathOf`/agreements/${this.id}`}/${action}`,
        body: reason,
        retry: ["timeout"],
      });
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 410)) return false;
      throw err;
    }
  }
}

/** The daemon's "no" to confirm/wait: rejected, timed out, wrong state, unknown. */
function isRefusal(err: unknown): boolean {
  return err instanceof ApiError && [400, 408, 409, 410].includes(err.status);
}
