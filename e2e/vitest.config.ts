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
    // A page settles in its own time on a loaded machine (a lazy chunk, then its query): polls
    // wait up to 15 s, not vitest's default 1 s, before a journey is judged broken.
    expect: { poll: { timeout: 15_000 } },
  },
});
