import type { Decimal } from "decimal.js";
import type { Allocation, DocumentStatus, Invoice } from "../../services/index.js";
import { parseFlags, UsageError } from "./args.js";
import type { CliIo, Command } from "./command.js";
import { DAEMON_FLAGS, DAEMON_FLAGS_HELP, isNotFound, printJson, withDaemon } from "./daemon.js";
import { dispatch } from "./subcommands.js";
import { colours, formatTime, plural, renderTable, shortId } from "./table.js";

const STATUSES = [
  "ISSUED",
  "RECEIVED",
  "ACCEPTED",
  "REJECTED",
  "FAILED",
  "SETTLED",
  "CANCELLED",
] as const satisfies readonly DocumentStatus[];

const USAGE = `Usage: yatsapi invoice list [--by-status STATUS] [options]
       yatsapi invoice accept <allocation> <invoice> [options]

The invoices providers sent this node: one per agreement, for its total cost.

list    a table of the invoices: id, issuer (the provider's node id, cut short;
        --json prints it whole), when it was issued, its exact amount and status;
        then the count and the total, and how many wait for acceptance.
accept  accepts the whole amount of an invoice, paid from an allocation (see
        \`yatsapi allocation list\`); the daemon then pays the provider.

Options:
  --by-status STATUS   only invoices with this status, one of
                       ${STATUSES.join(", ")}
${DAEMON_FLAGS_HELP}

Exit codes: 0 done, 1 the daemon failed, could not be reached, or does not know an
id, 2 a usage mistake (a bad flag or status, a missing id, no app key).`;

function statusFlag(raw: string): DocumentStatus {
  const status = STATUSES.find((s) => s === raw.trim().toUpperCase());
  if (!status) throw new UsageError(`--by-status must be one of ${STATUSES.join(", ")}, not '${raw}'`);
  return status;
}

function toJson(invoice: Invoice): Record<string, unknown> {
  return { ...invoice.data, amount: invoice.amount.toFixed() };
}

function table(invoices: Invoice[], io: CliIo): string {
  const c = colours(io);
  const paintStatus: Partial<Record<DocumentStatus, (s: string) => string>> = {
    REJECTED: c.boldRed,
    FAILED: c.red,
    ISSUED: c.yellow,
    ACCEPTED: c.yellow,
    SETTLED: c.green,
  };
  return renderTable(
    [
      { header: "ID" },
      { header: "ISSUER" },
      { header: "ISSUED" },
      { header: "AMOUNT", align: "amount" },
      {
        header: "STATUS",
        paint: (padded, raw) => paintStatus[raw as DocumentStatus]?.(padded) ?? padded,
      },
    ],
    invoices.map((i) => [
      i.id,
      shortId(i.data.issuerId),
      formatTime(new Date(i.data.timestamp)),
      i.amount.toFixed(),
      i.status,
    ]),
  );
}

/** `3 invoices, 1.25 in total (erc20-holesky-tglm)`, a total per payment platform. */
function summary(invoices: Invoice[]): string {
  const totals = new Map<string, Decimal>();
  for (const i of invoices) {
    const sum = totals.get(i.data.paymentPlatform);
    totals.set(i.data.paymentPlatform, sum ? sum.plus(i.amount) : i.amount);
  }
  const parts = [...totals].map(([platform, total]) => `${total.toFixed()} (${platform})`);
  return `${plural(invoices.length, "invoice")}${parts.length > 0 ? `, ${parts.join(" + ")} in total` : ""}`;
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, { ...DAEMON_FLAGS, "by-status": { type: "string" } });
  const status = values["by-status"] === undefined ? undefined : statusFlag(values["by-status"]);
  return withDaemon(values, io, async ({ api }) => {
    const all = await api.payment.invoices();
    const shown = status === undefined ? all : all.filter((i) => i.status === status);
    if (values.json) {
      printJson(io, shown.map(toJson));
      return 0;
    }
    if (shown.length > 0) io.stdout.write(table(shown, io));
    io.stdout.write(`${summary(shown)}${status === undefined ? "" : ` ${status}`}\n`);
    const waiting = shown.filter((i) => i.status === "RECEIVED").length;
    if (waiting > 0) {
      io.stdout.write(`${waiting} waiting for acceptance: yatsapi invoice accept <allocation> <invoice>\n`);
    }
    return 0;
  });
}

async function accept(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, DAEMON_FLAGS, 2);
  const [allocationId, invoiceId] = positionals;
  if (allocationId === undefined || invoiceId === undefined) {
    throw new UsageError(
      `missing the ${allocationId === undefined ? "allocation and invoice ids" : "invoice id"}: yatsapi invoice accept <allocation> <invoice>`,
    );
  }
  return withDaemon(values, io, async ({ api, url }) => {
    const [allocation, invoice] = await Promise.allSettled([
      api.payment.allocation(allocationId),
      api.payment.invoice(invoiceId),
    ]);
    const unknown: string[] = [];
    if (allocation.status === "rejected") {
      if (!isNotFound(allocation.reason)) throw allocation.reason;
      unknown.push(
        allocation.reason.status === 410
          ? `allocation ${allocationId} has been released`
          : `no allocation ${allocationId}`,
      );
    }
    if (invoice.status === "rejected") {
      if (!isNotFound(invoice.reason)) throw invoice.reason;
      unknown.push(`no invoice ${invoiceId}`);
    }
    if (allocation.status === "rejected" || invoice.status === "rejected") {
      const swapped = unknown.length === 2 ? " (the allocation id comes first)" : "";
      throw new Error(
        `${unknown.join(" and ")} on the daemon at ${url}${swapped}: see \`yatsapi allocation list\` and \`yatsapi invoice list\``,
      );
    }
    return settle(io, allocation.value, invoice.value, values.json === true);
  });
}

async function settle(io: CliIo, allocation: Allocation, invoice: Invoice, json: boolean): Promise<number> {
  const already = invoice.status === "ACCEPTED" || invoice.status === "SETTLED";
  if (!already) await invoice.accept(invoice.amount, allocation);
  const { remainingAmount } = await allocation.details();
  if (json) {
    printJson(io, {
      invoiceId: invoice.id,
      allocationId: allocation.id,
      amount: invoice.amount.toFixed(),
      paymentPlatform: invoice.data.paymentPlatform,
      accepted: !already,
      previousStatus: invoice.status,
      remainingAmount: remainingAmount.toFixed(),
    });
  } else if (already) {
    io.stdout.write(`invoice ${invoice.id} is already ${invoice.status}: nothing to do\n`);
  } else {
    io.stdout.write(
      `accepted invoice ${invoice.id}: ${invoice.amount.toFixed()} (${invoice.data.paymentPlatform}) from allocation ${allocation.id}, ${remainingAmount.toFixed()} left in it\n`,
    );
  }
  return 0;
}

/** `yatsapi invoice list|accept`: the invoices providers sent, and paying them. */
export const invoiceCommand: Command = {
  name: "invoice",
  summary: "list the invoices providers sent, or accept one from an allocation",
  usage: USAGE,
  run: (argv, io) => dispatch(argv, io, { list, accept }),
};
