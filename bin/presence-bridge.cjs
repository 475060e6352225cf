#!/usr/bin/env node
'use strict';
// The `presence-bridge` command. It needs Node 22 or newer (node:sqlite, current library majors);
// inside the project, npm scripts and npx run it on the pinned Node 24.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `presence-bridge needs Node 22 or newer; this is Node ${process.versions.node}.\n` +
      'Run it through npm (npm start, npm run cli -- <command>) or npx presence-bridge, which use the project\'s pinned Node 24.',
  );
  process.exit(1);
}
require('tsx/cjs');
require('../src/cli.ts');
