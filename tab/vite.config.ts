/**
 * Builds the admin tab into tab/dist, served by the service at /tab/. Four pages: the tab, the channel
 * tab's configuration page, and the two pages of the admin consent popup.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: '/tab/',
  // Vite 8 compiles TSX with oxc; the automatic runtime needs no React import in every file.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // Fluent marks its modules 'use client' (for React Server Components); meaningless in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        index: resolve(here, 'index.html'),
        config: resolve(here, 'config.html'),
        consentStart: resolve(here, 'consent-start.html'),
        consentEnd: resolve(here, 'consent-end.html'),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    // `npx vite tab` during development: the API comes from a running service (npm start).
    proxy: { '/api': 'http://127.0.0.1:3978' },
  },
});
