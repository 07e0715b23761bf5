/**
 * Validates what services/ sends and accepts against the OpenAPI specs in
 * ../shared/specs/ya-client (read at test time, never copied into the repository).
 * Where the real daemon knowingly differs from the YAML (yagna-protocol.md section 8 and the
 * sections it cites), the documented real shape is used instead and the deviation is
 * recorded, so that each test can say which ones applied.
 */
import { existsSync, readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { load } from "js-yaml";
import type { HttpExchange } from "../../services/index.js";
import { DEVIATIONS, type Deviation } from "./spec-deviations.js";

// ajv-formats is CommonJS; under ESM its function is the module's default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Where the specs live for developers and CI: ../shared next to the repository. */
export const SPECS_DIR = new URL("../../../shared/specs/ya-client/", import.meta.url);

const BASE = "https://specs.yatsapi.test/";
const FILES = [
  "common.yaml",
  "market-api.yaml",
  "activity-api.yaml",
  "payment-api.yaml",
  "identity-api.yaml",
  "version-api.yaml",
];
const METHODS = ["get", "post", "put", "delete"] as const;

type Json = Record<string, unknown>;

interface Operation {
  file: string;
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  operationId: string;
  /** JSON pointer (within `file`) of the operation object. */
  pointer: string;
  op: Json;
}

/** The outcome of checking one exchange. */
export interface ExchangeCheck {
  operation: string | undefined;
  problems: string[];
  deviations: string[];
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Reads two OpenAPI 3.0 idioms the way the spec's authors (and openapi-typescript) mean
 * them, where plain JSON Schema would differ:
 * - schemas with `properties` but no `type` (PaymentPlatform) are objects; left untyped, a
 *   string matches both branches of Allocation.paymentPlatform's `oneOf` and fails it;
 * - `nullable: true` on an `enum` (ActivityState.state items) admits null.
 */
function openApiIdioms(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiIdioms);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = openApiIdioms(v);
  if (isObject(node.properties) && node.type === undefined && node.allOf === undefined) out.type = "object";
  if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null))
    out.enum = [...node.enum, null];
  return out;
}

/** Drops readOnly properties from `required` (OpenAPI: they are not sent in requests). */
function forRequests(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forRequests);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = forRequests(v);
  if (Array.isArray(node.required) && isObject(node.properties)) {
    const props = node.properties;
    out.required = node.required.filter((name) => {
      const prop = props[String(name)];
      return !(isObject(prop) && prop.readOnly === true);
    });
  }
  return out;
}

/**
 * Loaded specs with compiled validators for request and response bodies.
 *
 * @example
 * const v = SpecValidator.load();
 * if (v) for (const ex of exchanges) assert.deepEqual(v.check(ex).problems, []);
 */
export class SpecValidator {
  private readonly docs = new Map<string, Json>();
  private readonly operations: Operation[] = [];
  private readonly requestAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly responseAjv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly cache = new Map<string, ValidateFunction>();

  /** Reads the specs; undefined when ../shared is absent (the caller skips). */
  static load(): SpecValidator | undefined {
    if (!existsSync(SPECS_DIR)) return undefined;
    return new SpecValidator();
  }

  private constructor() {
    for (const ajv of [this.requestAjv, this.responseAjv]) {
      addFormats(ajv);
      ajv.addFormat("hex", /^[0-9a-fA-F]*$/);
      ajv.addFormat("decimal", /^-?[0-9]+(\.[0-9]+)?$/);
    }
    for (const file of FILES) {
      const doc = openApiIdioms(load(readFileSync(new URL(file, SPECS_DIR), "utf8"))) as Json;
      this.docs.set(file, doc);
      this.requestAjv.addSchema(forRequests(doc) as Json, BASE + file);
      this.responseAjv.addSchema(doc, BASE + file);
      const servers = Array.isArray(doc.servers) ? doc.servers : [];
      const prefix = isObject(servers[0]) && typeof servers[0].url === "string" ? servers[0].url : "";
      for (const [template, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
        if (!isObject(item)) continue;
        for (const method of METHODS) {
          const op = item[method];
          if (!isObject(op)) continue;
          const source = (prefix + template)
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
            .join("([^/]+)");
          this.operations.push({
            file,
            method: method.toUpperCase(),
            template: prefix + template,
            pattern: new RegExp(`^${source}$`),
            params: (template.match(/\{/g) ?? []).length,
            operationId: String(op.operationId ?? `${method} ${template}`),
            pointer: `#/paths/${escapePointer(template)}/${method}`,
            op,
          });
        }
      }
    }
  }

  /**
   * Checks one exchange: the request body always, the response body when the status is 2xx
   * (the answers services accept). Streams are checked frame by frame elsewhere.
   */
  check(ex: HttpExchange): ExchangeCheck {
    const url = new URL(ex.url);
    const deviations: string[] = [];
    const problems: string[] = [];
    let op = this.find(ex.method, url.pathname);
    const dev = DEVIATIONS.find((d) => d.method === ex.method && d.path.test(url.pathname));
    if (!op && dev?.specMethod) {
      op = this.find(dev.specMethod, url.pathname);
      if (op) deviations.push(dev.note);
    }
    if (!op) {
      // Not an API of the specs (the image registry, the devnet's own stats).
      if (ex.api === "images" || url.pathname.startsWith("/devnet-api/"))
        return { operation: undefined, problems, deviations };
      return {
        operation: undefined,
        problems: [`${ex.method} ${url.pathname}: no such operation in the specs`],
        deviations,
      };
    }
    const name = `${op.operationId} (${ex.method} ${op.template})`;
    this.checkRequest(op, ex, dev, name, problems, deviations);
    if (ex.status >= 200 && ex.status < 300 && !ex.stream)
      this.checkResponse(op, ex, dev, name, problems, deviations);
    return { operation: op.operationId, problems, deviations };
  }

  private find(method: string, path: string): Operation | undefined {
    return this.operations
      .filter((o) => o.method === method && o.pattern.test(path))
      .sort((a, b) => a.params - b.params)[0];
  }

  /** Follows `$ref`s (also into other files) to the object they name. */
  private deref(file: string, pointer: string): { file: string; pointer: string; node: unknown } {
    let node = this.at(file, pointer);
    for (let hops = 0; isObject(node) && typeof node.$ref === "string" && hops < 5; hops++) {
      const [refFile, refPointer = ""] = node.$ref.split("#") as [string, string | undefined];
      file = refFile || file;
      pointer = `#${refPointer}`;
      node = this.at(file, pointer);
    }
    return { file, pointer, node };
  }

  private checkRequest(
    op: Operation,
    ex: HttpExchange,
    dev: Deviation | undefined,
    name: string,
    problems: string[],
    deviations: string[],
  ): void {
    const { file, pointer, node: body } = this.deref(op.file, `${op.pointer}/requestBody`);
    const schemaPointer = `${pointer}/content/application~1json/schema`;
    const hasSchema = this.at(file, schemaPointer) !== undefined;
    if (ex.requestBody === undefined) {
      if (hasSchema && isObject(body) && body.required === true)
        problems.push(`${name}: request body missing`);
      return;
    }
    if (dev?.request) {
      deviations.push(dev.note);
      this.validate(this.requestAjv, dev.request, ex.requestBody, `${name} request`, problems);
      return;
    }
    if (!hasSchema) {
      if (ex.requestBody !== null) problems.push(`${name}: sent a body where the spec has none`);
      return;
    }
    this.validate(
      this.requestAjv,
      { $ref: BASE + file + schemaPointer },
      ex.requestBody,
      `${name} request`,
      problems,
    );
  }

  private checkResponse(
    op: Operation,
    ex: HttpExchange,
    dev: Deviation | undefined,
    name: string,
    problems: string[],
    deviations: string[],
  ): void {
    const responses = isObject(op.op.responses) ? op.op.responses : {};
    let status = String(ex.status);
    if (!(status in responses)) {
      const documented = Object.keys(responses).find((s) => /^2\d\d$/.test(s));
      if (!documented) return void problems.push(`${name}: spec lists no 2xx answer, got ${ex.status}`);
      deviations.push(
        `${name}: the daemon answers ${ex.status} where the spec says ${documented} (yagna-protocol.md §8.1)`,
      );
      status = documented;
    }
    const { file, pointer } = this.deref(op.file, `${op.pointer}/responses/${status}`);
    const schemaPointer = `${pointer}/content/application~1json/schema`;
    if (dev?.response) {
      deviations.push(dev.note);
      this.validate(this.responseAjv, dev.response, ex.responseBody, `${name} response`, problems);
      return;
    }
    if (this.at(file, schemaPointer) === undefined) {
      if (ex.responseBody !== undefined && ex.responseBody !== null)
        problems.push(`${name}: body where the spec has none`);
      else if (ex.responseBody === null)
        deviations.push(
          `${name}: the daemon answers JSON null where the spec has no body (yagna-protocol.md §3.1, §4.1, §8.1)`,
        );
      return;
    }
    if (ex.responseBody === undefined)
      return void problems.push(`${name}: empty answer where the spec has a body`);
    this.validate(
      this.responseAjv,
      { $ref: BASE + file + schemaPointer },
      ex.responseBody,
      `${name} response`,
      problems,
    );
    this.checkEventTypes(file, ex.responseBody, name, problems);
  }

  /** The specs' event lists use a discriminator on `eventType`; check each item against its own type. */
  private checkEventTypes(file: string, body: unknown, name: string, problems: string[]): void {
    if (!Array.isArray(body)) return;
    for (const item of body) {
      if (!isObject(item) || typeof item.eventType !== "string") continue;
      const pointer = `#/components/schemas/${item.eventType}`;
      if (this.at(file, pointer) === undefined) {
        problems.push(`${name}: unknown eventType ${item.eventType}`);
        continue;
      }
      this.validate(
        this.responseAjv,
        { $ref: BASE + file + pointer },
        item,
        `${name} ${item.eventType}`,
        problems,
      );
    }
  }

  private validate(ajv: Ajv, schema: Json, value: unknown, what: string, problems: string[]): void {
    const key = `${ajv === this.requestAjv ? "req" : "res"}:${JSON.stringify(schema)}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = ajv.compile(schema);
      this.cache.set(key, fn);
    }
    if (!fn(value)) {
      const errors = (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
      problems.push(`${what}: ${errors} in ${JSON.stringify(value)?.slice(0, 300)}`);
    }
  }

  private at(file: string, pointer: string): unknown {
    let node: unknown = this.docs.get(file);
    for (const raw of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (!isObject(node)) return undefined;
      node = node[key];
    }
    return node;
  }
}
