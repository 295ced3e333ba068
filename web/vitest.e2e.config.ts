import { defineConfig } from 'vitest/config';

// Browser journeys: one real `innexar serve` (globalSetup) on a throwaway data directory, driven
// by playwright-core in Debian's Chromium. Journeys run one after another (one server, 2 cores).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/server.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
