/** The release's packages are the ones the bundle requires, with what they depend on, and nothing else. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionPackageDirs, requiredPackages } from '../../scripts/production-packages.cjs';

test.each([
  ['require("pg")', ['pg']],
  ['require("csv-parse/sync"); require("@azure/msal-node")', ['@azure/msal-node', 'csv-parse']],
  ['require("node:fs"); require("fs"); require("./local")', []],
  ['require("zod"); require("zod")', ['zod']],
])('%s needs %j', (bundle, names) => {
  expect(requiredPackages(bundle)).toEqual(names);
});

describe('resolved the way Node resolves them', () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-packages-'));
  const pkg = (dir: string, json: object) => {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(json));
  };
  pkg('node_modules/app-dep', { dependencies: { shared: '^1', nested: '^2' }, optionalDependencies: { 'not-installed': '*' } });
  pkg('node_modules/app-dep/node_modules/nested', {});
  pkg('node_modules/shared', {});
  pkg('node_modules/dev-only', {});
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('dependencies nested or hoisted, optional ones when installed, dev tools left out', () => {
    expect(productionPackageDirs(root, ['app-dep'])).toEqual([
      'node_modules/app-dep',
      'node_modules/app-dep/node_modules/nested',
      'node_modules/shared',
    ]);
  });

  test('a missing dependency is named with the fix', () => {
    expect(() => productionPackageDirs(root, ['absent'])).toThrow(
      'absent (needed by the service) is not installed. Fix: run npm install first.',
    );
  });
});
