/**
 * One viewer page connected to the relay. Sending never waits: while the socket's buffer
 * is above `highWater` the page's messages are dropped (and counted), and once the buffer
 * has drained below `lowWater` the page gets `dropped` and a resync (the current state
 * and `synced`), so a slow page shows a gap in its log but the right state, and the
 * computation never waits for it.
 */
import type { WebSocket } from "ws";
import type { DroppedMessage, SyncedMessage } from "./protocol.js";

export interface ClientOptions {
  /** Bytes buffered for a page before its messages are dropped. */
  highWater: number;
  /** Bytes below which a page that lost messages is resynced. */
  lowWater: number;
  /** The lines that bring a page up to date (the cached state). */
  syncLines: () => string[];
  now: () => number;
}

/**
 * A connected page.
 *
 * @example
 * const client = new RelayClient(ws, { highWater: 4 << 20, lowWater: 1 << 20, syncLines, now: Date.now });
 * client.sync();
 * client.send(line);
 */
export class RelayClient {
  readonly #ws: WebSocket;
  readonly #opts: ClientOptions;
  /** Messages left out since the last resync. */
  #dropped = 0;
  /** Messages left out over the connection's life. */
  droppedTotal = 0;
  /** Writes the socket has not taken yet. */
  #unwritten = 0;

  constructor(ws: WebSocket, opts: ClientOptions) {
    this.#ws = ws;
    this.#opts = opts;
  }

  get open(): boolean {
    return this.#ws.readyState === this.#ws.OPEN;
  }

  /** Sends the current state then `synced`, whatever the buffer holds (a page must start somewhere). */
  sync(): void {
    for (const line of this.#opts.syncLines()) this.#write(line);
    const synced: SyncedMessage = { t: "synced", at: this.#opts.now() };
    this.#write(JSON.stringify(synced));
  }

  /** Sends a live line, or drops it when the page is behind. */
  send(line: string): void {
    if (!this.open) return;
    if (this.#dropped > 0 || this.#ws.bufferedAmount > this.#opts.highWater) {
      this.#dropped++;
      this.droppedTotal++;
      return;
    }
    this.#write(line);
  }

  #write(line: string): void {
    if (!this.open) return;
    this.#unwritten++;
    // The callback runs once the socket took the data: the moment to see whether a page
    // that fell behind has caught up.
    this.#ws.send(line, this.#written);
  }

  readonly #written = (): void => {
    this.#unwritten--;
    if (this.#dropped === 0 || !this.open) return;
    if (this.#unwritten > 0 && this.#ws.bufferedAmount > this.#opts.lowWater) return;
    const dropped: DroppedMessage = { t: "dropped", at: this.#opts.now(), count: this.#dropped };
    this.#dropped = 0;
    this.#write(JSON.stringify(dropped));
    this.sync();
  };
}
