import type { Props } from "./fields.js";
import { integerField, listField, numberField, stringField, stringItem } from "./fields.js";
import { Model, type ModelFields, readModel } from "./model.js";

/** `golem.inf.mem.gib`: memory in GiB. */
export const INF_MEM = "golem.inf.mem.gib";
/** `golem.inf.storage.gib`: storage in GiB. */
export const INF_STORAGE = "golem.inf.storage.gib";
/** `golem.inf.cpu.cores`: physical CPU cores. */
export const INF_CORES = "golem.inf.cpu.cores";
/** `golem.inf.cpu.threads`: CPU threads. */
export const INF_THREADS = "golem.inf.cpu.threads";
/** `golem.runtime.name`: the exe-unit runtime, e.g. `vm`. */
export const INF_RUNTIME = "golem.runtime.name";
/** `golem.activity.caps.transfer.protocol`: transfer protocols the exe-unit supports. */
export const TRANSFER_CAPS = "golem.activity.caps.transfer.protocol";

/** Runtime names yapapi 0.5 knows. */
export const RuntimeType = Object.freeze({
  UNKNOWN: "",
  WASMTIME: "wasmtime",
  EMSCRIPTEN: "emscripten",
  VM: "vm",
} as const);

/** The fields of `Inf`. */
export interface InfFields {
  /** Memory in GiB. */
  mem?: number;
  /** Storage in GiB. */
  storage?: number;
  /** Physical CPU cores. */
  cpuCores?: number;
  /** CPU threads. */
  cpuThreads?: number;
  /** Runtime name, e.g. `vm` (see `RuntimeType`). */
  runtime?: string;
  /** Transfer protocols, e.g. `["gftp", "http"]`. */
  transfers?: readonly string[];
}

/**
 * Infrastructural properties of an offer: memory, storage, CPU and runtime. All optional, so
 * that any offer can be read; a requestor states its needs as constraints instead (see
 * `DemandBuilder.ensure`).
 *
 * @example
 * const inf = Inf.fromProperties(offer.props);
 * if ((inf.mem ?? 0) >= 4 && inf.runtime === RuntimeType.VM) console.log("big enough");
 */
export class Inf extends Model implements InfFields {
  static override readonly fields: ModelFields<InfFields> = {
    mem: numberField(INF_MEM),
    storage: numberField(INF_STORAGE),
    cpuCores: integerField(INF_CORES),
    cpuThreads: integerField(INF_THREADS),
    runtime: stringField(INF_RUNTIME),
    transfers: listField(TRANSFER_CAPS, stringItem),
  };

  readonly mem?: number;
  readonly storage?: number;
  readonly cpuCores?: number;
  readonly cpuThreads?: number;
  readonly runtime?: string;
  readonly transfers?: readonly string[];

  constructor(init: InfFields = {}) {
    super();
    this.mem = init.mem;
    this.storage = init.storage;
    this.cpuCores = init.cpuCores;
    this.cpuThreads = init.cpuThreads;
    this.runtime = init.runtime;
    this.transfers = init.transfers ? Object.freeze([...init.transfers]) : undefined;
    if (new.target === Inf) Object.freeze(this);
  }

  /**
   * Reads an `Inf` from flat properties; see `readModel`.
   *
   * @example
   * const x = Inf.fromProperties(offer.props);
   */
  static override fromProperties(props: Props): Inf {
    return readModel(Inf, props);
  }
}
