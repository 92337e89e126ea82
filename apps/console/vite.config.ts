import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The console is static files that the replay app serves at `/`; the operator API is at
// `/api/v1` on the same origin. `CONSOLE_OUT_DIR` lets tests build into a folder of their own.
export default defineConfig({
  root: here('./src'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: process.env['CONSOLE_OUT_DIR'] ?? here('../../dist/apps/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': process.env['CONSOLE_API_URL'] ?? 'http://127.0.0.1:8084' },
  },
});
