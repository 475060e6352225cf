#!/usr/bin/env node
'use strict';
// The `presence-bridge` command. It needs Node 22 or newer (node:sqlite, current library majors). Started
// by an older Node (the machine's own, e.g. through npx), it hands over to the project's pinned Node 24.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const { existsSync } = require('node:fs');
  const { join } = require('node:path');
  const pinned = join(__dirname, '..', 'node_modules', '.bin', 'node');
  if (existsSync(pinned)) {
    const { spawnSync } = require('node:child_process');
    const run = spawnSync(pinned, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(run.status ?? 1);
  }
  console.error(
    `presence-bridge needs Node 22 or newer; this is Node ${process.versions.node}.\n` +
      'Run `npm install` in the project first: it installs the pinned Node 24, and npm scripts (npm start, npm run cli -- <command>) use it.',
  );
  process.exit(1);
}
// The same bundle `npm start` runs (dist/cli.js, rebuilt first when the sources changed): no TypeScript loader.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build-service.mjs'), '--quiet'], { stdio: 'inherit' });
require('../dist/cli.js').main();
