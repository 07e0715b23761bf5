import type { Clock } from "../clock.js";
import { HttpError, json, type Route, timeoutMs } from "../http.js";
import type { Ledger } from "./ledger.js";
import { type PaymentQuery, type Payments, paymentJson } from "./payments.js";
import { accountParts } from "./platform.js";
import { paging } from "./query.js";

/**
 * `GET /payments` (a long-polled stream like the events), `GET /payments/{id}`, and
 * `GET /payments/status`. The devnet's driver pays at once from balances that always
 * cover the allocations, so it never has gas, token, signing or RPC trouble to report:
 * the status list is empty for every known driver and network.
 *
 * @example
 * const routes = paymentRoutes(payments, ledger, clock);
 */
export function paymentRoutes(payments: Payments, ledger: Ledger, clock: Clock): Route[] {
  const base = "/payment-api/v1";
  const known = (key: "driver" | "network", value: string | null) => {
    if (value !== null && !ledger.accounts().some((a) => accountParts(a.platform)[key] === value)) {
      throw new HttpError(400, `Unknown ${key} '${value}': no account uses it`);
    }
  };
  return [
    {
      method: "GET",
      path: `${base}/payments`,
      handler: async (req) => {
        const q: PaymentQuery = paging(req.query, "maxEvents");
        for (const key of ["appSessionId", "network", "driver"] as const) {
          const value = req.query.get(key);
          if (value !== null) q[key] = value;
        }
        const wait = timeoutMs(req.query, 5);
        const found = await payments.wait(q, wait, req.signal);
        return json(
          200,
          found.map((p) => paymentJson(p, clock)),
        );
      },
    },
    {
      method: "GET",
      path: `${base}/payments/status`,
      handler: (req) => {
        known("driver", req.query.get("driver"));
        known("network", req.query.get("network"));
        return json(200, []);
      },
    },
    {
      method: "GET",
      path: `${base}/payments/:paymentId`,
      handler: (req) => {
        const payment = payments.get(req.params.paymentId!);
        if (!payment) throw new HttpError(404, null);
        return json(200, paymentJson(payment, clock));
      },
    },
  ];
}
