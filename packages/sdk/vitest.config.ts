import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts the built server on a database of its own.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
