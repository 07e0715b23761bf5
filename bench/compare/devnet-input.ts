/**
 * What the harness's devnet process is told: how many providers, offers each, and the seed.
 */

/** The devnet process's input (its one JSON argument). */
export interface DevnetProcessInput {
  /** Providers `bench-1` ... `bench-N`, one agreement at a time each. */
  providers: number;
  /** Offers each provider publishes (the devnet's `offers`). */
  offers: number;
  seed: string;
}

/**
 * Parses and checks the devnet process's input; throws naming the bad field.
 *
 * @example
 * readDevnetProcessInput('{"providers":10,"offers":1,"seed":"s"}').providers; // 10
 */
export function readDevnetProcessInput(arg: string | undefined): DevnetProcessInput {
  const value: unknown = JSON.parse(arg ?? "null");
  if (typeof value !== "object" || value === null)
    throw new Error(`devnet process: expected a JSON object as input, got ${String(arg)}`);
  const { providers, offers = 1, seed } = value as Record<string, unknown>;
  if (!Number.isInteger(providers) || (providers as number) < 0)
    throw new Error(`devnet process: providers must be an integer >= 0 (got ${String(providers)})`);
  if (!Number.isInteger(offers) || (offers as number) < 1)
    throw new Error(`devnet process: offers must be an integer >= 1 (got ${String(offers)})`);
  if (typeof seed !== "string")
    throw new Error(`devnet process: seed must be a string (got ${String(seed)})`);
  return { providers: providers as number, offers: offers as number, seed };
}
