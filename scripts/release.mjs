#!/usr/bin/env node
/**
 * The release artefact, built once: the admin tab (tab/dist), the service bundle (dist/cli.js), the command
 * (bin/) and the service's production dependencies only, in one folder (default `release/`, or `--out <dir>`).
 * Nothing in it is built at start: it runs from a read-only folder (App Service's run-from-package mount, a
 * container image) with `node dist/cli.js start`, and writes only under PB_DATA_DIR.
 * teamsapp.yml's deploy uploads this folder; the Dockerfile copies it; test/deploy/rehearsal.test.ts runs it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildService } from './build-service.mjs';
import { buildTab } from './build-tab.mjs';
import productionPackages from './production-packages.cjs';

const { productionPackageDirs, requiredPackages } = productionPackages;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The start command of the artefact: plain Node on the bundle, with `npm start`'s memory flags. */
export const START_SCRIPT =
  'node --max-old-space-size=${PB_MAX_OLD_SPACE_MB:-512} --max-semi-space-size=8 --optimize-for-size dist/cli.js start';

export async function release({ out = join(root, 'release'), quiet = false } = {}) {
  const say = (line) => quiet || console.log(line);
  // Built only when missing or stale (the same rule as `npm start`); a clean clone builds both.
  await buildTab({ quiet });
  await buildService({ quiet });

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const path of ['dist/cli.js', 'dist/cli.js.map', 'tab/dist', 'bin/presence-bridge.cjs', 'src/sim/tls']) {
    cpSync(join(root, path), join(out, path), { recursive: true });
  }
  const names = requiredPackages(readFileSync(join(root, 'dist', 'cli.js'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const released = {
    name: pkg.name,
    version: pkg.version,
    private: true,
    description: pkg.description,
    license: pkg.license,
    engines: pkg.engines,
    bin: pkg.bin,
    dependencies: Object.fromEntries(names.map((n) => [n, pkg.dependencies[n] ?? '*'])),
    // No prestart: nothing is built where the artefact runs.
    scripts: { start: START_SCRIPT },
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(released, null, 2)}\n`);

  // The production dependencies: what the bundle requires, copied from the installed (locked) node_modules.
  const dirs = productionPackageDirs(root, names);
  // tar copies a few thousand small files many times faster than fs.cpSync on a busy disk.
  execFileSync('sh', ['-c', `tar -cf - -C "$1" -T - | tar -xf - -C "$2"`, 'copy', root, out], { input: dirs.join('\n') });
  say(`release: ${dirs.length} packages for ${names.join(', ')}`);
  say(`release: ${out} is ready; run it with: PB_DATA_DIR=<writable dir> ${START_SCRIPT}`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : undefined;
  release({ out, quiet: process.argv.includes('--quiet') }).catch((err) => {
    console.error(`release: failed: ${err.message}`);
    process.exit(1);
  });
}
