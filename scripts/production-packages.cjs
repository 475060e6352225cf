/**
 * The packages the service bundle needs at run time, found from the bundle itself: every package it
 * requires (esbuild leaves them external) and what those depend on, resolved in node_modules the way Node
 * resolves them. The tab's packages (React, Fluent UI) are bundled into tab/dist and are not among them,
 * nor are the dev tools. Copying these folders is `npm prune --omit=dev` without a registry, on exactly the
 * installed (locked) versions.
 */
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const { dirname, join, relative } = require('node:path');

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Package names a CommonJS bundle requires (builtins left out). */
function requiredPackages(bundleText) {
  const names = new Set();
  for (const [, specifier] of bundleText.matchAll(/require\("([^".][^"]*)"\)/g)) {
    if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    names.add(packageName(specifier));
  }
  return [...names].sort();
}

/** The folder Node would load `name` from when required inside `fromDir` (a package folder or the root). */
function resolvePackageDir(root, fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || relative(root, dir).startsWith('..')) return undefined;
  }
}

/** Every package folder (relative to root) the given packages need, their dependencies included. */
function productionPackageDirs(root, names) {
  const found = new Set();
  const visit = (fromDir, name, optional) => {
    const dir = resolvePackageDir(root, fromDir, name);
    if (!dir) {
      if (optional) return;
      throw new Error(`${name} (needed by ${relative(root, fromDir) || 'the service'}) is not installed. Fix: run npm install first.`);
    }
    const rel = relative(root, dir);
    if (found.has(rel)) return;
    found.add(rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dir, dep, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dir, dep, true);
    for (const dep of Object.keys(pkg.peerDependencies ?? {})) visit(dir, dep, true); // peers: taken when installed, never required here
  };
  for (const name of names) visit(root, name, false);
  return [...found].sort();
}

module.exports = { requiredPackages, productionPackageDirs };
