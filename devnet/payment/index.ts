import type { DevnetContext, DevnetModule } from "../context.js";
import { Acceptance } from "./acceptance.js";
import { allocationRoutes } from "./allocation-routes.js";
import { ProviderBilling } from "./billing.js";
import { documentRoutes } from "./document-routes.js";
import { Documents } from "./documents.js";
import { Ledger } from "./ledger.js";
import { paymentRoutes } from "./payment-routes.js";
import { Payments } from "./payments.js";

/** The payment API's state, for tests and the CLI. */
export interface PaymentModule extends DevnetModule {
  ledger: Ledger;
  documents: Documents;
  payments: Payments;
}

/**
 * The payment API (`/payment-api/v1`, yagna-protocol.md section 4) and the providers'
 * billing: accounts and allocations over a decimal ledger, demand decorations, debit
 * notes and invoices the simulated providers send, acceptance that pays at once, and
 * the persistent debit-note and invoice event streams.
 *
 * @example
 * const payment = createPaymentApi(ctx);
 * server routes: payment.routes
 */
export function createPaymentApi(ctx: DevnetContext): PaymentModule {
  const ledger = new Ledger(ctx.clock, ctx.ids, ctx.requestor.accounts, ctx.requestor.identity);
  const documents = new Documents(ctx.clock, ctx.ids);
  const payments = new Payments(ctx.clock, ctx.ids);
  const acceptance = new Acceptance(ledger, documents, payments);
  const billing = new ProviderBilling(ctx, documents);
  billing.start();
  return {
    ledger,
    documents,
    payments,
    routes: [
      ...allocationRoutes(ledger, ctx.clock, ctx.requestor.identity),
      ...documentRoutes(documents, acceptance, ctx.clock),
      ...paymentRoutes(payments, ledger, ctx.clock),
    ],
    stop() {
      billing.stop();
      ledger.stop();
    },
  };
}
