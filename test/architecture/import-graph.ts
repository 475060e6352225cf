/**
 * The project's import graph, read with the TypeScript compiler's own parser (no type check: fast).
 * Files are named by their path from the repository root with forward slashes ("src/sync/decide.ts").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import * as ts from 'typescript';

/**
 * - static: `import x from`, `import './side-effect'`, `export ... from`, `import x = require()`: loaded with the file.
 * - type: `import type`, `export type ... from`, imports whose every name is `type`, `import('x').T` in a type:
 *   erased by the compiler, so nothing is loaded, but the file still depends on the other's shape.
 * - dynamic: `import('x')` in code: loaded only when that line runs.
 * - require: `require('x')` in code: loaded when that line runs, synchronously.
 */
export type ImportKind = 'static' | 'type' | 'dynamic' | 'require';

export interface ImportRef {
  specifier: string;
  kind: ImportKind;
}

export interface ImportEdge {
  from: string;
  to: string;
  kind: ImportKind;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Relative imports that name no known file: the checker would be blind to them, so they are reported. */
  unresolved: { from: string; specifier: string }[];
}

/** Every import, re-export, dynamic import() and require() of one file's text, in order of appearance. */
export function parseImports(fileName: string, text: string): ImportRef[] {
  const kind = fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const refs: ImportRef[] = [];
  const add = (specifier: ts.Node | undefined, importKind: ImportKind) => {
    if (specifier && ts.isStringLiteralLike(specifier)) refs.push({ specifier: specifier.text, kind: importKind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, isTypeOnlyImport(node.importClause) ? 'type' : 'static');
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, isTypeOnlyExport(node) ? 'type' : 'static');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, 'type');
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], 'dynamic');
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') add(node.arguments[0], 'require');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

/** `import type ...`, or `import { type A, type B }` (no default, every name a type): the compiler drops it. */
function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import './x'` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

/**
 * The file a relative specifier names, as the compiler would find it ('./x' -> x.ts, x.tsx, x/index.ts; './x.js' -> x.ts);
 * null for packages ('zod', 'node:fs') and for relative paths that name no known file.
 */
export function resolveImport(from: string, specifier: string, exists: (file: string) => boolean): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return null;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find(exists) ?? null;
}

export const isRelative = (specifier: string) => specifier.startsWith('.');

/** The graph of imports between the given files (path -> source text); imports of packages are left out. */
export function buildImportGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const exists = (file: string) => sources.has(file);
  const graph: ImportGraph = { files: [...sources.keys()].sort(), edges: [], unresolved: [] };
  for (const from of graph.files) {
    for (const { specifier, kind } of parseImports(from, sources.get(from)!)) {
      const to = resolveImport(from, specifier, exists);
      if (to) graph.edges.push({ from, to, kind });
      else if (isRelative(specifier)) graph.unresolved.push({ from, specifier });
    }
  }
  return graph;
}

const SOURCE_FILE = /\.(m|c)?tsx?$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'coverage']);

/** The TypeScript files under the given folders of the repository (path -> text), build output and packages left out. */
export function readSources(root: string, folders: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = posix.join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(path);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) sources.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  folders.forEach(walk);
  return sources;
}
