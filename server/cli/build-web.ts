import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs before `npm start`: builds the web app only when a source is newer than the build.
 * A restart is then fast, and a second `npm start` (refused by the data lock) never
 * rewrites the files the first server is serving.
 */
const root = path.resolve(import.meta.dirname, '../..');
const built = path.join(root, 'dist/web/index.html');
const newest = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
const sourcesAt = Math.max(
  newest(path.join(root, 'web')),
  newest(path.join(root, 'common')),
  fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs,
);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sourcesAt) {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
