import type { CliIo } from "./command.js";
import { explainFailure, printJson } from "./daemon.js";
import { plural } from "./table.js";

/** One thing to remove: its id and a short description for the report. */
export interface ClearItem {
  id: string;
  label: string;
  remove(): Promise<void>;
}

/**
 * Removes each item in turn (one at a time, as a person would, so the daemon is not
 * flooded), carries on past failures, and reports what was removed and what was not:
 * a line per item and a count, or with `json` `{removed: [ids], failed: [{id, error}]}`.
 * Resolves to the exit code: 1 when anything could not be removed.
 *
 * @example
 * return clearAll(io, session.url, "allocation", "released", items, values.json === true);
 */
export async function clearAll(
  io: CliIo,
  url: string,
  noun: string,
  verb: string,
  items: ClearItem[],
  json: boolean,
): Promise<number> {
  const removed: string[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const item of items) {
    try {
      await item.remove();
      removed.push(item.id);
      if (!json) io.stdout.write(`${verb} ${item.label}\n`);
    } catch (err) {
      const reason = explainFailure(err, url);
      const error = reason instanceof Error ? reason.message : String(reason);
      failed.push({ id: item.id, error });
      if (!json) io.stderr.write(`could not remove ${noun} ${item.id}: ${error}\n`);
    }
  }
  if (json) {
    printJson(io, { removed, failed });
  } else {
    const tail = failed.length > 0 ? `; ${failed.length} could not be removed` : "";
    io.stdout.write(`${plural(removed.length, noun)} ${verb}${tail}\n`);
  }
  return failed.length > 0 ? 1 : 0;
}
