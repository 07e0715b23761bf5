/**
 * The driver process as plain JavaScript, as a yatsapi user runs the SDK: TypeScript
 * loaded through tsx costs about 40 MB of RSS on its own (and golem-js ships compiled),
 * so the memory figures would compare a loader instead of the SDKs. The driver's import
 * graph is transpiled (TypeScript's transpileModule, no type check) into a temporary
 * folder that mirrors the repository, with the repository's package.json and links to
 * its `node_modules`, `bin` and `visualizations` (what the SDK finds from its package root).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const root = new URL("../..", import.meta.url).pathname;

/** Relative specifiers of static imports, re-exports and dynamic imports with a literal. */
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;

function transpileGraph(entry: string, outDir: string): number {
  const seen = new Set<string>();
  const pending = [resolve(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, spec] of source.matchAll(IMPORT)) {
      const target = resolve(dirname(file), spec!.replace(/\.js$/, ".ts"));
      // A match inside a comment may name no file: only real modules are followed.
      if (target.endsWith(".ts") && existsSync(target)) pending.push(target);
    }
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const out = join(outDir, relative(root, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  return seen.size;
}

/** A transpiled entry point and how to remove it. */
export interface CompiledScript {
  /** Absolute path of the entry's .js file. */
  path: string;
  /** Files transpiled. */
  files: number;
  remove(): void;
}

/**
 * Transpiles `entry` (a path under the repository) and everything it imports relatively.
 *
 * @example
 * const driver = compileScript("bench/compare/driver-process.ts");
 * // node --expose-gc driver.path
 * driver.remove();
 */
export function compileScript(entry: string): CompiledScript {
  const outDir = mkdtempSync(join(tmpdir(), "yatsapi-bench-"));
  try {
    copyFileSync(join(root, "package.json"), join(outDir, "package.json"));
    for (const dir of ["node_modules", "bin", "visualizations"])
      symlinkSync(join(root, dir), join(outDir, dir), "dir");
    const files = transpileGraph(entry, outDir);
    return {
      path: join(outDir, entry).replace(/\.ts$/, ".js"),
      files,
      remove: () => rmSync(outDir, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}
