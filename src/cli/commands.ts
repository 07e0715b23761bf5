import { allocationCommand } from "./allocation.js";
import type { Command } from "./command.js";
import { demandCommand } from "./demand.js";
import { devnetCommand } from "./devnet.js";
import { gftpCommand } from "./gftp.js";
import { imageCommand } from "./image.js";
import { invoiceCommand } from "./invoice.js";
import { runCommand } from "./run.js";
import { vizCommand } from "./viz.js";

/**
 * Every `yatsapi` command, in the order `yatsapi help` lists them. A new command is a
 * file exporting a `Command` and one line here.
 */
export const COMMANDS: Command[] = [
  runCommand,
  devnetCommand,
  imageCommand,
  gftpCommand,
  demandCommand,
  allocationCommand,
  invoiceCommand,
  vizCommand,
];
