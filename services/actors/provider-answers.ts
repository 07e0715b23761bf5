/**
 * Waits for providers' answers: the offer feed keeps a counter-proposal's negotiation slot
 * until its provider sends a draft (or a while passes), so that only a few negotiations
 * are open at once.
 *
 * @example
 * const answers = new ProviderAnswers(signal);
 * await proposal.respond(props, constraints);
 * await answers.next(proposal.issuer, 5_000); // freed by answers.answered(issuer)
 */
export class ProviderAnswers {
  readonly #waiting = new Map<string, Array<() => void>>();

  constructor(signal: AbortSignal) {
    signal.addEventListener("abort", () => {
      for (const issuer of [...this.#waiting.keys()]) this.answered(issuer);
    });
  }

  /** Resolves when `issuer` sends a draft, after `timeoutMs`, or on abort. */
  next(issuer: string, timeoutMs: number): Promise<void> {
    const waiting = this.#waiting;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const rest = (waiting.get(issuer) ?? []).filter((d) => d !== done);
        if (rest.length > 0) waiting.set(issuer, rest);
        else waiting.delete(issuer);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      waiting.set(issuer, [...(waiting.get(issuer) ?? []), done]);
    });
  }

  /** A draft from `issuer` arrived: its counter-proposals' slots are free. */
  answered(issuer: string): void {
    for (const done of this.#waiting.get(issuer) ?? []) done();
  }
}
