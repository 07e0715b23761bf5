import type { AgreementData, AgreementState, Properties } from "./types.js";

/**
 * Reads typed values out of flat properties. The SDK's property models (e.g. a linear
 * pricing model) implement it; services/ only needs this shape.
 */
export interface PropertyModel<T> {
  fromProperties(properties: Properties): T;
}

/**
 * One side's properties in an agreement.
 *
 * @example
 * const name = details.providerView.properties["golem.node.id.name"];
 * const pricing = details.providerView.extract(LinearPricing);
 */
export class View {
  constructor(readonly properties: Properties) {}

  /**
   * Builds a model from these properties.
   *
   * @example
   * const info = view.extract({ fromProperties: (p) => ({ name: String(p["golem.node.id.name"]) }) });
   */
  extract<T>(model: PropertyModel<T>): T {
    return model.fromProperties(this.properties);
  }
}

/**
 * An agreement as the daemon returned it, with a view per side: the offer is the
 * provider's, the demand is ours.
 *
 * @example
 * const details = await agreement.details();
 * if (details.state === "Approved") console.log(details.providerId);
 */
export class AgreementDetails {
  readonly providerView: View;
  readonly requestorView: View;

  constructor(readonly raw: AgreementData) {
    this.providerView = new View(raw.offer.properties);
    this.requestorView = new View(raw.demand.properties);
  }

  get id(): string {
    return this.raw.agreementId;
  }

  get state(): AgreementState {
    return this.raw.state;
  }

  get providerId(): string {
    return this.raw.offer.providerId;
  }

  /** The subscription (demand id) the agreement came from. */
  get demandId(): string {
    return this.raw.demand.demandId;
  }

  get validTo(): Date {
    return new Date(this.raw.validTo);
  }
}
