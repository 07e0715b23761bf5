import type { Subscription } from "../../services/index.js";
import { parseFlags } from "./args.js";
import { clearAll } from "./clear-all.js";
import type { CliIo, Command } from "./command.js";
import { DAEMON_FLAGS, DAEMON_FLAGS_HELP, printJson, withDaemon } from "./daemon.js";
import { dispatch } from "./subcommands.js";
import { formatTime, plural, relativeTime, renderTable, shortId } from "./table.js";

const USAGE = `Usage: yatsapi demand list [--only-expired] [options]
       yatsapi demand clear [--only-expired] [options]

The demands this app key has published on the market (its open subscriptions).

list    a table of the demands: id (cut short; --json prints it whole), when it was
        published, when it expires, its subnet and payment platform; then how many.
clear   unsubscribes the demands, one at a time, and says how many were removed.

A demand has expired when its golem.srv.comp.expiration has passed: providers no
longer match it, but the daemon keeps the subscription until it ends.

Options:
  --only-expired       only the demands that have expired
${DAEMON_FLAGS_HELP}

Exit codes: 0 done, 1 the daemon failed or could not be reached (or a demand could
not be removed), 2 a usage mistake (a bad flag, no app key).`;

const FLAGS = { ...DAEMON_FLAGS, "only-expired": { type: "boolean" } } as const;

const EXPIRATION = "golem.srv.comp.expiration";

/** When the demand's agreement would expire (`golem.srv.comp.expiration`, Unix ms), if it says. */
function expirationOf(sub: Subscription): Date | undefined {
  const raw = sub.details?.properties?.[EXPIRATION];
  const ms = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
  return typeof ms === "number" && Number.isFinite(ms) ? new Date(ms) : undefined;
}

function isExpired(sub: Subscription, now: Date): boolean {
  const expiration = expirationOf(sub);
  return expiration !== undefined && expiration.getTime() <= now.getTime();
}

function textProperty(sub: Subscription, key: string): string {
  const value = sub.details?.properties?.[key];
  return typeof value === "string" && value !== "" ? value : "-";
}

function toJson(sub: Subscription, now: Date): Record<string, unknown> {
  const expiration = expirationOf(sub);
  return {
    demandId: sub.id,
    requestorId: sub.details?.requestorId ?? null,
    timestamp: sub.details?.timestamp ?? null,
    expiration: expiration?.toISOString() ?? null,
    expired: isExpired(sub, now),
    properties: sub.details?.properties ?? {},
    constraints: sub.details?.constraints ?? "",
  };
}

function table(subs: Subscription[], now: Date): string {
  const rows = subs.map((sub) => {
    const expiration = expirationOf(sub);
    const published = sub.details?.timestamp;
    return [
      shortId(sub.id, 10),
      published ? formatTime(new Date(published)) : "-",
      expiration
        ? `${formatTime(expiration)} (${isExpired(sub, now) ? "expired " : ""}${relativeTime(expiration, now)})`
        : "-",
      textProperty(sub, "golem.node.debug.subnet"),
      textProperty(sub, "golem.com.payment.chosen-platform"),
    ];
  });
  return renderTable(
    [
      { header: "ID" },
      { header: "PUBLISHED" },
      { header: "EXPIRES" },
      { header: "SUBNET" },
      { header: "PLATFORM" },
    ],
    rows,
  );
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const onlyExpired = values["only-expired"] === true;
  return withDaemon(values, io, async ({ api }) => {
    const all = await api.market.subscriptions();
    const now = new Date();
    const shown = onlyExpired ? all.filter((s) => isExpired(s, now)) : all;
    if (values.json) {
      printJson(
        io,
        shown.map((s) => toJson(s, now)),
      );
      return 0;
    }
    if (shown.length > 0) io.stdout.write(table(shown, now));
    const expired = all.filter((s) => isExpired(s, now)).length;
    if (onlyExpired) {
      io.stdout.write(`${plural(expired, "expired demand")} (of ${all.length} running)\n`);
    } else {
      const hint =
        expired > 0 ? ` (${expired} expired: remove them with \`yatsapi demand clear --only-expired\`)` : "";
      io.stdout.write(`${plural(all.length, "demand")} running${hint}\n`);
    }
    return 0;
  });
}

async function clear(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  return withDaemon(values, io, async ({ api, url }) => {
    const now = new Date();
    const all = await api.market.subscriptions();
    const chosen = values["only-expired"] === true ? all.filter((s) => isExpired(s, now)) : all;
    const items = chosen.map((sub) => ({ id: sub.id, label: sub.id, remove: () => sub.delete() }));
    return clearAll(io, url, "demand", "removed", items, values.json === true);
  });
}

/** `yatsapi demand list|clear`: the demands published with this app key. */
export const demandCommand: Command = {
  name: "demand",
  summary: "list or unsubscribe the demands published on the market",
  usage: USAGE,
  run: (argv, io) => dispatch(argv, io, { list, clear }),
};
