import { defineConfig } from 'vitest/config';

// Three levels, run in this order by `npm test`: fast pure tests, then a real hub core, then Chromium.
export default defineConfig({
  test: {
    allowOnly: false,
    projects: [
      // Property tests run hundreds of cases; on a loaded 2-core machine they need more than the default 5 s.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // A staff day in miniature runs several browser contexts; a loaded 2-core machine needs room.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
