import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const builtin = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'crypto', 'os', 'child_process'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'salesforce/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The rooms of design.md: the product never reaches into the emulators.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/emulators/**'], message: 'src/ never imports emulators/: wire them in tests, demo/ or bench/.' }] }],
    },
  },
  {
    // domain/ is pure: no I/O, no other room of the product.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: builtin, message: 'domain/ is pure: no I/O modules.' },
        { group: ['../*', '!./*'], message: 'domain/ imports nothing from the rest of src/.' },
      ] }],
    },
  },
  {
    // An emulator is as independent as the real service.
    files: ['emulators/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**'], message: 'emulators never import src/.' }] }],
    },
  },
);
