#!/usr/bin/env node
'use strict';
// The `presence-bridge` command. It needs Node 22.13 or newer (node:sqlite unflagged, current library majors). Started
// by an older Node (the machine's own, e.g. through npx), it hands over to the project's pinned Node 24.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  const { existsSync } = require('node:fs');
  const { join } = require('node:path');
  // The `node` package's binary, through its .bin link or directly (a copy without links).
  const pinned = [join(__dirname, '..', 'node_modules', '.bin', 'node'), join(__dirname, '..', 'node_modules', 'node', 'bin', 'node')].find(
    (p) => existsSync(p),
  );
  if (pinned) {
    const { spawnSync } = require('node:child_process');
    const run = spawnSync(pinned, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(run.status ?? 1);
  }
  console.error(
    `presence-bridge needs Node 22.13 or newer (node:sqlite); this is Node ${process.versions.node}: install Node 24, or run \`npm install\` in the project (it installs the pinned Node 24).`,
  );
  process.exit(1);
}
// The same bundle `npm start` runs (dist/cli.js, rebuilt first when the sources changed): no TypeScript loader.
// The release artefact (npm run release) has no sources and no build tools: its bundle is run as it is.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const builder = join(__dirname, '..', 'scripts', 'build-service.mjs');
if (existsSync(builder)) execFileSync(process.execPath, [builder, '--quiet'], { stdio: 'inherit' });
require('../dist/cli.js').main();
