import { buildImportGraph, parseImports, resolveImport, type ImportRef } from './import-graph';

describe('parseImports', () => {
  test.each<[string, string, ImportRef[]]>([
    ['a default import', "import a from './a';", [{ specifier: './a', kind: 'static' }]],
    ['a side-effect import', "import './a';", [{ specifier: './a', kind: 'static' }]],
    ['a namespace import', "import * as a from './a';", [{ specifier: './a', kind: 'static' }]],
    ['import type', "import type { A } from './a';", [{ specifier: './a', kind: 'type' }]],
    ['named imports that are all types', "import { type A, type B } from './a';", [{ specifier: './a', kind: 'type' }]],
    ['a value among type names', "import { type A, b } from './a';", [{ specifier: './a', kind: 'static' }]],
    ['a default import beside type names', "import a, { type B } from './a';", [{ specifier: './a', kind: 'static' }]],
    ['export from', "export { a } from './a';", [{ specifier: './a', kind: 'static' }]],
    ['export star from', "export * from './a';", [{ specifier: './a', kind: 'static' }]],
    ['export type from', "export type { A } from './a';", [{ specifier: './a', kind: 'type' }]],
    ['export of type names only', "export { type A } from './a';", [{ specifier: './a', kind: 'type' }]],
    ['a local export (no module)', 'const a = 1; export { a };', []],
    ['import = require', "import a = require('./a');", [{ specifier: './a', kind: 'static' }]],
    ['a dynamic import in a function', "async function f() { return import('./a'); }", [{ specifier: './a', kind: 'dynamic' }]],
    ['require in code', "const a = require('./a');", [{ specifier: './a', kind: 'require' }]],
    ['an import type in a type position', "let a: import('./a').A;", [{ specifier: './a', kind: 'type' }]],
    ['a package', "import { z } from 'zod';", [{ specifier: 'zod', kind: 'static' }]],
    ['a string that only looks like an import', 'const s = "import x from \'./a\'";', []],
    ['a computed dynamic import', 'const m = import(name);', []],
  ])('%s', (_what, text, expected) => {
    expect(parseImports('x.ts', text)).toEqual(expected);
  });

  test('reads TSX', () => {
    expect(parseImports('x.tsx', "import type { A } from './a';\nexport const C = () => <div>{1}</div>;")).toEqual([
      { specifier: './a', kind: 'type' },
    ]);
  });
});

describe('resolveImport', () => {
  const files = new Set(['src/a.ts', 'src/b.tsx', 'src/dir/index.ts', 'src/sub/c.ts', 'src/data.json']);
  const exists = (f: string) => files.has(f);
  test.each([
    ['src/sub/c.ts', '../a', 'src/a.ts'],
    ['src/a.ts', './b', 'src/b.tsx'],
    ['src/a.ts', './dir', 'src/dir/index.ts'],
    ['src/a.ts', './sub/c.js', 'src/sub/c.ts'],
    ['src/a.ts', './data.json', 'src/data.json'],
    ['src/a.ts', './missing', null],
    ['src/a.ts', 'zod', null],
    ['src/a.ts', 'node:fs', null],
  ])('%s imports %s: %s', (from, specifier, expected) => {
    expect(resolveImport(from, specifier, exists)).toBe(expected);
  });
});

describe('buildImportGraph', () => {
  test('links files, leaves packages out and reports relative imports that name no file', () => {
    const graph = buildImportGraph(
      new Map([
        ['src/a.ts', "import { b } from './b';\nimport type { C } from './c';\nimport { z } from 'zod';\nimport './gone';"],
        ['src/b.ts', "export const b = () => import('./a');"],
        ['src/c.ts', 'export type C = 1;'],
      ]),
    );
    expect(graph.edges).toEqual([
      { from: 'src/a.ts', to: 'src/b.ts', kind: 'static' },
      { from: 'src/a.ts', to: 'src/c.ts', kind: 'type' },
      { from: 'src/b.ts', to: 'src/a.ts', kind: 'dynamic' },
    ]);
    expect(graph.unresolved).toEqual([{ from: 'src/a.ts', specifier: './gone' }]);
  });
});
