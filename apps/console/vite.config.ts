import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The console is static files that the replay app serves at `/`; the operator API is at
// `/api/v1` on the same origin (`vite build --outDir` puts the files elsewhere, as tests do).
export default defineConfig({
  root: here('./src'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('../../dist/apps/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
    // Timings of plugins on a loaded machine are noise, not a problem of the build.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    proxy: { '/api': process.env['CONSOLE_API_URL'] ?? 'http://127.0.0.1:8084' },
  },
});
