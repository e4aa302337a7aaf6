import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a gzip and a brotli copy next to every script, style and SVG of the build; the
 * server sends them to browsers that accept them (@fastify/static `preCompressed`). A commune
 * officer on a slow line downloads about a third of the bytes, and the server compresses nothing
 * at run time.
 */
function precompress(): Plugin {
  return {
    name: 'theodoi-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir as string;
      const walk = (d: string): string[] =>
        fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      for (const file of walk(dir).filter((f) => /\.(js|css|svg|html)$/.test(f))) {
        const bytes = fs.readFileSync(file);
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

// The web app lives in web/; the server serves dist/web in production and Vite proxies /api in development.
export default defineConfig({
  root: 'web',
  plugins: [react(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd alone is larger than Vite's default warning threshold; the admin pages are lazy chunks.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
