import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-results/**', 'bench/peers/**', 'bench/results/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests read JSON answers field by field; typing every answer would only restate the schemas.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }],
      }],
    },
  },
  {
    // The domain is plain rules over ports: no web framework, socket, SQL or driver in it.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['fastify', '@fastify/*', 'ws', 'kysely', 'pg', '@electric-sql/*', 'ioredis', 'pusher', 'typebox', '../db/*', '../http/*', '../realtime/*', '../cli/*', '../contract/*', '../events/*'],
            message: 'domain/ depends only on domain/ports.ts; the wire (contract/), the dispatcher (events/) and adapters (db/, http/, realtime/) depend on it, never the other way.' },
        ],
      }],
    },
  },
  {
    // The web apps take only types from the server (web/shared/contract.ts): no server code ships to a browser.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/src/**'], allowTypeImports: true, message: 'web/ may take types from src/ (import type), never code.' }],
      }],
    },
  },
  {
    // The Pusher protocol server knows channels only by the protocol's prefixes (private-,
    // presence-, …): the hotel's names, the rules and the wire contract stay outside it.
    files: ['src/realtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../contract/*', '../../contract/*', '../events/*', '../../events/*', '../http/*', '../../http/*', '../db/*', '../../db/*', '../domain/access.js', '../domain/handoff.js', '../domain/messages.js'],
            message: 'realtime/ is a protocol server: it must not know the hotel, its rules or its wire contract.' },
        ],
      }],
    },
  },
);
