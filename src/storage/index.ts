/** File transfer storage (yapapi's `yapapi.storage`): sources, destinations and the gftp provider. */

export { ContentTooLargeError, FileDestination } from "./file-destination.js";
export { GftpStorage, type GftpStorageOptions } from "./gftp.js";
export { binGftp, findOnPath, GftpNotFoundError, isDevnet, resolveGftpCommand } from "./gftp-command.js";
export type {
  Destination,
  InputStorageProvider,
  OutputStorageProvider,
  Source,
  StorageProvider,
} from "./types.js";
