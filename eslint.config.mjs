// A small lint: ESLint's and typescript-eslint's recommended rules (syntax only, no type information, so it
// stays fast), with Prettier owning the layout (eslint-config-prettier turns off every rule that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const globals = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));
const NODE_GLOBALS = globals(['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout']);
const COMMONJS_GLOBALS = globals(['require', 'module', 'exports', '__dirname', '__filename']);

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', 'coverage/', 'artifacts/', 'release/', 'appPackage/build/', '.pb/']),
  {
    files: ['{src,bot,tab,test,bench,scripts}/**/*.{ts,tsx,mts,cts,js,mjs,cjs}', 'bin/**/*.cjs', '*.{js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended, prettier],
    rules: {
      // A leading underscore is how this code says "deliberately unused": a parameter an interface requires
      // (`(_req, _res, next)`), or a key dropped from a copy (`const { secret: _secret, ...safe } = settings`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // A `let` that a callback reads before its one assignment (start.ts: decisions printed while the service
      // starts) cannot be a const: reading it earlier would throw.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests and their helpers read arbitrary JSON answers of the API under test (`r.json.users[0].name`); typing
    // every answer would restate the API's types in each test.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain JavaScript files run by Node (scripts, the command shim, jest's config): the compiler does not check
    // their names, so no-undef stays on, and needs to know Node's globals (the ones these files use).
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // CommonJS files (the `presence-bridge` command shim, scripts loaded with require, jest's config; package.json
    // has no "type": "module"): require() is their import.
    files: ['**/*.cjs', '*.js'],
    languageOptions: { sourceType: 'commonjs', globals: COMMONJS_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
