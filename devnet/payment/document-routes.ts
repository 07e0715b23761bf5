import type { Clock } from "../clock.js";
import { type DevnetRequest, HttpError, json, type Route, timeoutMs } from "../http.js";
import type { Acceptance } from "./acceptance.js";
import { type Documents, debitNoteJson, invoiceJson } from "./documents.js";
import { type EventLog, type EventQuery, requestorEventNames } from "./event-log.js";
import { page, paging } from "./query.js";

/** Seconds a payment event poll waits by default (`DEFAULT_EVENT_TIMEOUT`). */
const EVENT_TIMEOUT_SEC = 5;
/** Seconds an accept waits for the provider's ack by default (`DEFAULT_ACK_TIMEOUT`). */
const ACK_TIMEOUT_SEC = 15;

function eventQuery(req: DevnetRequest): EventQuery {
  const q: EventQuery = { ...paging(req.query, "maxEvents"), names: requestorEventNames(req.headers) };
  const session = req.query.get("appSessionId");
  if (session !== null) q.appSessionId = session;
  return q;
}

function eventsRoute(path: string, log: EventLog): Route {
  return {
    method: "GET",
    path,
    handler: async (req) => {
      const q = eventQuery(req);
      const wait = timeoutMs(req.query, EVENT_TIMEOUT_SEC);
      return json(200, await log.wait(q, wait, req.signal));
    },
  };
}

/** Endpoints the daemon leaves unimplemented: 501 with `{"message":null}`. */
function notImplemented(method: "GET" | "POST", path: string): Route {
  return {
    method,
    path,
    handler: () => {
      throw new HttpError(501, null);
    },
  };
}

/**
 * Debit notes and invoices as the requestor sees them: lists, gets, accept, the 501s of
 * reject and payments-per-document, and the two persistent event streams (4.1, 4.5-4.7).
 *
 * @example
 * const routes = documentRoutes(documents, acceptance, clock);
 */
export function documentRoutes(documents: Documents, acceptance: Acceptance, clock: Clock): Route[] {
  const base = "/payment-api/v1";
  return [
    {
      method: "GET",
      path: `${base}/debitNotes`,
      handler: (req) =>
        json(
          200,
          page(documents.debitNotes(), (n) => n.timestampMs, paging(req.query, "maxItems")).map((n) =>
            debitNoteJson(n, clock),
          ),
        ),
    },
    {
      method: "GET",
      path: `${base}/debitNotes/:debitNoteId`,
      handler: (req) => {
        const note = documents.debitNote(req.params.debitNoteId!);
        if (!note) throw new HttpError(404, null);
        return json(200, debitNoteJson(note, clock));
      },
    },
    {
      method: "POST",
      path: `${base}/debitNotes/:debitNoteId/accept`,
      handler: (req) => {
        timeoutMs(req.query, ACK_TIMEOUT_SEC);
        acceptance.acceptDebitNote(req.params.debitNoteId!, req.body);
        return json(200, null);
      },
    },
    notImplemented("POST", `${base}/debitNotes/:debitNoteId/reject`),
    notImplemented("GET", `${base}/debitNotes/:debitNoteId/payments`),
    eventsRoute(`${base}/debitNoteEvents`, documents.debitNoteEvents),
    {
      method: "GET",
      path: `${base}/invoices`,
      handler: (req) =>
        json(
          200,
          page(documents.invoices(), (i) => i.timestampMs, paging(req.query, "maxItems")).map((i) =>
            invoiceJson(i, clock),
          ),
        ),
    },
    {
      method: "GET",
      path: `${base}/invoices/:invoiceId`,
      handler: (req) => {
        const invoice = documents.invoice(req.params.invoiceId!);
        if (!invoice) throw new HttpError(404, null);
        return json(200, invoiceJson(invoice, clock));
      },
    },
    {
      method: "POST",
      path: `${base}/invoices/:invoiceId/accept`,
      handler: (req) => {
        timeoutMs(req.query, ACK_TIMEOUT_SEC);
        acceptance.acceptInvoice(req.params.invoiceId!, req.body);
        return json(200, null);
      },
    },
    notImplemented("POST", `${base}/invoices/:invoiceId/reject`),
    notImplemented("GET", `${base}/invoices/:invoiceId/payments`),
    eventsRoute(`${base}/invoiceEvents`, documents.invoiceEvents),
  ];
}
