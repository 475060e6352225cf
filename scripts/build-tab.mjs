#!/usr/bin/env node
/**
 * Builds the admin tab (tab/ -> tab/dist) only when it is missing or older than its sources, so
 * `npm start` and `npm test` stay fast. `--force` always builds. Exit code 1 when the build fails.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from './newest-mtime.mjs';

const tab = join(dirname(fileURLToPath(import.meta.url)), '..', 'tab');
const SOURCES = ['src', 'index.html', 'config.html', 'consent-start.html', 'consent-end.html', 'vite.config.ts', 'package.json'];

export function tabIsStale() {
  const built = newestMtime(join(tab, 'dist', 'index.html'));
  if (built === 0) return 'tab/dist is missing';
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(tab, s))));
  return sources > built ? 'tab sources changed since the last build' : undefined;
}

export async function buildTab({ force = false, quiet = false } = {}) {
  const reason = force ? 'forced' : tabIsStale();
  if (!reason) {
    if (!quiet) console.log('admin tab: tab/dist is up to date');
    return false;
  }
  if (!quiet) console.log(`admin tab: building (${reason})`);
  const { build } = await import('vite');
  await build({ configFile: join(tab, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildTab({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') }).catch((err) => {
    console.error(`admin tab: the build failed: ${err.message}\nFix the error above in tab/, then run npm run build:tab.`);
    process.exit(1);
  });
}
