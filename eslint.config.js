// Lint enforces the layers of DESIGN.md: who may import whom, and which native packages live where.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'events', 'url', 'util', 'worker_threads', 'tls', 'dgram', 'zlib', 'buffer', 'process'];
const nativePackages = ['better-sqlite3', 'node-hid', 'serialport', '@serialport/*'];
const serverPackages = ['fastify', '@fastify/*', 'pino', 'ws'];

const electronPath = { name: 'electron', message: 'Only src-main/electron may import electron.' };
const restrict = (groups, paths = []) => ['error', { paths, patterns: groups }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // With noUncheckedIndexedAccess on, a checked `!` after a lookup is clearer than a dead branch.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src-shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'src-shared is pure: no Node built-ins.' },
        { group: [...nativePackages, ...serverPackages, 'react', 'react-dom'], message: 'src-shared imports no Node, DOM or Electron package.' },
        { group: ['**/src-main/**', '**/src-renderer/**', '**/hardware/**', '**/src-upstream/**'], message: 'src-shared imports nothing of the other layers.' },
      ], [electronPath]),
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict([
        { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
        { group: [...nativePackages, ...serverPackages], message: 'The renderer imports only src-shared and web packages.' },
        { group: ['**/src-main/**', '**/hardware/**', '**/src-upstream/**'], message: 'The renderer imports only src-shared.' },
      ], [electronPath]),
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/src-renderer/**', '**/src-upstream/**'], message: 'The hub core does not import the renderer or the collector.' },
      ], [electronPath]),
    },
  },
  {
    files: ['hardware/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/src-main/**', '**/src-renderer/**', '**/src-upstream/**'], message: 'hardware imports only src-shared.' },
      ], [electronPath]),
    },
  },
  {
    files: ['src-upstream/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['node-hid', 'serialport', '@serialport/*'], message: 'The collector has no devices.' },
        { group: ['better-sqlite3'], message: 'The collector speaks PostgreSQL only (PGlite or node-postgres).' },
        { group: ['**/src-main/**', '**/src-renderer/**', '**/hardware/**'], message: 'The collector imports only src-shared.' },
      ], [electronPath]),
    },
  },
  {
    files: ['tests/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
