/**
 * Checks of what users pass to the `Executor`, so that a mistake fails at the call with an
 * error naming the argument and the expected form, instead of deep in a computation.
 */
import { Decimal } from "decimal.js";
import { inspectPlan } from "../inspect/options.js";
import { Task } from "../task.js";

/** Node's timers fire at once beyond this many ms, so longer deadlines cannot be kept. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const POSITIVE_DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
/** Payment drivers and networks are plain names (`erc20`, `holesky`, `polygon`). */
const PLATFORM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** A short description of a bad value for an error message. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return "an array";
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "Object" ? `a ${name}` : "an object";
}

function bad(argument: string, expected: string, value: unknown, kind: "type" | "range" = "type"): Error {
  const message = `${argument}: expected ${expected}, got ${shown(value)}`;
  return kind === "range" ? new RangeError(message) : new TypeError(message);
}

/**
 * The budget as a decimal string, or a TypeError/RangeError naming `budget`: a number, a
 * decimal string (no exponent, no sign) or a Decimal, greater than zero.
 *
 * @example
 * checkBudget("1.50"); // "1.5"
 * checkBudget(-1); // throws RangeError "budget: expected a positive decimal amount ..."
 */
export function checkBudget(value: unknown): string {
  const expected = 'a positive decimal amount (e.g. "1.5")';
  let amount: Decimal;
  if (typeof value === "number") amount = new Decimal(Number.isFinite(value) ? value : 0);
  else if (typeof value === "string" && POSITIVE_DECIMAL.test(value.trim()))
    amount = new Decimal(value.trim());
  else if (value instanceof Decimal) amount = value;
  else throw bad("budget", expected, value, typeof value === "string" ? "range" : "type");
  if (!amount.isFinite() || !amount.gt(0)) throw bad("budget", expected, value, "range");
  return amount.toFixed();
}

function checkOptionalNumber(
  argument: string,
  value: unknown,
  expected: string,
  ok: (n: number) => boolean,
): void {
  if (value === undefined) return;
  if (typeof value !== "number") throw bad(argument, expected, value);
  if (!ok(value)) throw bad(argument, expected, value, "range");
}

function checkOptionalName(argument: string, value: unknown, example: string): void {
  if (value === undefined) return;
  const expected = `a payment ${argument} name such as "${example}"`;
  if (typeof value !== "string") throw bad(argument, expected, value);
  if (!PLATFORM_NAME.test(value)) throw bad(argument, expected, value, "range");
}

function checkOptionalFunction(argument: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") throw bad(argument, "a function", value);
}

/**
 * Throws a TypeError or RangeError naming the first bad option of `new Executor(opts)`.
 * Whether a driver/network pair exists is the daemon's to say (NoPaymentAccountError at
 * `submit()`); here only their form is checked.
 *
 * @example
 * checkExecutorOptions({ package: pkg, budget: "1", maxWorkers: 0 }); // throws RangeError "maxWorkers: ..."
 */
export function checkExecutorOptions(opts: unknown): void {
  if (typeof opts !== "object" || opts === null || Array.isArray(opts))
    throw bad("options", "an object such as { package, budget }", opts);
  const o = opts as Record<string, unknown>;
  const pkg = o.package;
  const pkgForm = "a Package with resolveUrl() and decorateDemand() (e.g. from vm.repo())";
  if (typeof pkg !== "object" || pkg === null) throw bad("package", pkgForm, pkg);
  for (const method of ["resolveUrl", "decorateDemand"] as const) {
    const fn = (pkg as Record<string, unknown>)[method];
    if (typeof fn !== "function")
      throw new TypeError(`package: expected ${pkgForm}, but ${method} is ${shown(fn)}`);
  }
  checkBudget(o.budget);
  checkOptionalNumber("maxWorkers", o.maxWorkers, "a positive integer", (n) => Number.isInteger(n) && n >= 1);
  checkOptionalNumber(
    "timeoutMs",
    o.timeoutMs,
    `a number of ms in (0, ${MAX_TIMEOUT_MS}] (yapapi advises 5 to 30 minutes)`,
    (n) => Number.isFinite(n) && n > 0 && n <= MAX_TIMEOUT_MS,
  );
  checkOptionalNumber("maxRetries", o.maxRetries, "an integer >= 0", (n) => Number.isInteger(n) && n >= 0);
  checkOptionalNumber(
    "pollTimeoutMs",
    o.pollTimeoutMs,
    "a number of ms > 0",
    (n) => Number.isFinite(n) && n > 0 && n <= MAX_TIMEOUT_MS,
  );
  checkOptionalName("driver", o.driver, "erc20");
  checkOptionalName("network", o.network, "holesky");
  if (o.subnetTag !== undefined && o.subnetTag !== null && typeof o.subnetTag !== "string")
    throw bad("subnetTag", "a string or null", o.subnetTag);
  checkOptionalFunction("eventConsumer", o.eventConsumer);
  // The form only: the environment (YATSAPI_INSPECT...) is read when the Executor starts it.
  inspectPlan(o.inspect, {});
  const cmd = o.gftpCommand;
  if (
    cmd !== undefined &&
    (!Array.isArray(cmd) || cmd.length === 0 || !cmd.every((a) => typeof a === "string" && a !== ""))
  )
    throw bad("gftpCommand", 'a non-empty array of strings (e.g. ["gftp", "server"])', cmd);
}

/**
 * Throws a TypeError naming `worker` or `tasks` when `submit(worker, tasks)` got something
 * it cannot run: the worker must be a function (an async generator function), the tasks an
 * iterable or async iterable of Task. Arrays are checked item by item here; lazy iterables
 * are checked as they are read (a non-Task fails the computation).
 *
 * @example
 * checkSubmit(worker, [new Task(1)]); // fine
 * checkSubmit(worker, 5); // throws TypeError "tasks: expected an iterable or async iterable of Task, got 5"
 */
export function checkSubmit(worker: unknown, tasks: unknown): void {
  if (typeof worker !== "function")
    throw bad("worker", "a function (ctx, tasks) => AsyncGenerator, e.g. an async function*", worker);
  const form = "an iterable or async iterable of Task";
  const iterable =
    typeof tasks === "object" &&
    tasks !== null &&
    (typeof (tasks as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function" ||
      typeof (tasks as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function");
  if (!iterable) throw bad("tasks", form, tasks);
  if (!Array.isArray(tasks)) return;
  tasks.forEach((task: unknown, i) => {
    if (!(task instanceof Task)) throw bad(`tasks[${i}]`, "a Task (new Task(data))", task);
  });
}
