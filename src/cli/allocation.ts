import { type Allocation, toDecimal } from "../../services/index.js";
import { parseFlags } from "./args.js";
import { clearAll } from "./clear-all.js";
import type { CliIo, Command } from "./command.js";
import { DAEMON_FLAGS, DAEMON_FLAGS_HELP, printJson, withDaemon } from "./daemon.js";
import { dispatch } from "./subcommands.js";
import { type Column, formatTime, plural, relativeTime, renderTable } from "./table.js";

const USAGE = `Usage: yatsapi allocation list [--details] [options]
       yatsapi allocation clear [options]

The allocations of this app key's node: funds reserved to pay providers from.

list    a table of the allocations: id, payment platform, total amount, what is
        left, and when the daemon releases it by itself. Amounts are exact.
        --details adds what was spent, the paying address and when it was made.
clear   releases every allocation, one at a time, and says how many were released.

Options:
  --details            more columns in the table (--json always has every field)
${DAEMON_FLAGS_HELP}

Exit codes: 0 done, 1 the daemon failed or could not be reached (or an allocation
could not be released), 2 a usage mistake (a bad flag, no app key).`;

/** Amounts as exact decimal strings, whatever trailing zeros the daemon wrote. */
function amount(raw: string | undefined, field: string): string {
  return raw === undefined ? "-" : toDecimal(raw, field).toFixed();
}

function toJson(a: Allocation): Record<string, unknown> {
  return {
    allocationId: a.id,
    paymentPlatform: a.paymentPlatform ?? null,
    address: a.paymentAddress ?? null,
    totalAmount: a.amount.toFixed(),
    spentAmount: amount(a.data.spentAmount, "spentAmount"),
    remainingAmount: amount(a.data.remainingAmount, "remainingAmount"),
    timestamp: a.data.timestamp ?? null,
    expires: a.expires?.toISOString() ?? null,
  };
}

function table(allocations: Allocation[], details: boolean, now: Date): string {
  const columns: Column[] = [
    { header: "ID" },
    { header: "PLATFORM" },
    { header: "TOTAL", align: "amount" },
    ...(details ? [{ header: "SPENT", align: "amount" } as const] : []),
    { header: "REMAINING", align: "amount" },
    { header: "EXPIRES" },
    ...(details ? [{ header: "ADDRESS" }, { header: "CREATED" }] : []),
  ];
  const rows = allocations.map((a) => [
    a.id,
    a.paymentPlatform ?? "-",
    a.amount.toFixed(),
    ...(details ? [amount(a.data.spentAmount, "spentAmount")] : []),
    amount(a.data.remainingAmount, "remainingAmount"),
    a.expires ? `${formatTime(a.expires)} (${relativeTime(a.expires, now)})` : "-",
    ...(details
      ? [a.paymentAddress ?? "-", a.data.timestamp ? formatTime(new Date(a.data.timestamp)) : "-"]
      : []),
  ]);
  return renderTable(columns, rows);
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, { ...DAEMON_FLAGS, details: { type: "boolean" } });
  return withDaemon(values, io, async ({ api }) => {
    const allocations = await api.payment.allocations();
    if (values.json) {
      printJson(io, allocations.map(toJson));
      return 0;
    }
    if (allocations.length === 0) {
      io.stdout.write("no allocations\n");
      return 0;
    }
    io.stdout.write(table(allocations, values.details === true, new Date()));
    io.stdout.write(`${plural(allocations.length, "allocation")}\n`);
    return 0;
  });
}

async function clear(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, DAEMON_FLAGS);
  return withDaemon(values, io, async ({ api, url }) => {
    const items = (await api.payment.allocations()).map((a) => ({
      id: a.id,
      label: `${a.id} (${a.amount.toFixed()} on ${a.paymentPlatform ?? "an unknown platform"})`,
      remove: () => a.release(),
    }));
    return clearAll(io, url, "allocation", "released", items, values.json === true);
  });
}

/** `yatsapi allocation list|clear`: the funds reserved for paying providers. */
export const allocationCommand: Command = {
  name: "allocation",
  summary: "list or release the allocations (funds reserved to pay providers)",
  usage: USAGE,
  run: (argv, io) => dispatch(argv, io, { list, clear }),
};
