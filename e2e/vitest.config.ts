import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Journeys in real Chromium against the real server: one server per spec file, one file at a time.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
