import type { DevnetContext, DevnetModule, GftpPort } from "../context.js";
import { GftpFiles } from "./files.js";
import { gftpRoutes } from "./routes.js";

/**
 * The devnet's side of gftp: the registration routes `yatsapi gftp server` calls, and
 * the port through which providers read published files and write awaited ones.
 * Unknown and closed URLs give undefined, which the activity API reports as a failed
 * transfer.
 *
 * @example
 * const gftp = createGftpApi(ctx);
 * ctx.gftp = gftp;
 * gftp.source("gftp://0x…/<hash>"); // "/home/me/input.txt" once published
 */
export function createGftpApi(ctx: DevnetContext): DevnetModule & GftpPort {
  const files = new GftpFiles(() => ctx.requestor.identity, ctx.rng.fork("gftp"));
  return {
    routes: gftpRoutes(files),
    source: (url) => files.source(url),
    destination: (url) => files.destination(url),
    received: (url) => {
      files.received(url);
      ctx.log(`devnet: gftp ${url} received`);
    },
  };
}
