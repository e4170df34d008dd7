import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'emulators/**/*.test.ts', 'bridge-client/**/*.test.ts', 'demo/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'emulators/**/*.ts', 'bridge-client/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.fixtures.ts', '**/test-support/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'src/domain/**': { lines: 100, branches: 95, functions: 100, statements: 100 },
      },
    },
  },
});
