/**
 * Preloaded (node --require) into a child process by demo-only-in-demo-mode.test.ts: when the process exits it
 * writes every file Node loaded through require (tsx compiles src/ to CommonJS, so every source file is there)
 * to the file named by LOADED_FILES_OUT.
 */
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.LOADED_FILES_OUT, JSON.stringify(Object.keys(require.cache)));
});
