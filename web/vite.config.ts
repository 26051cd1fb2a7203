import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      // The Host header is left as the browser sent it so that the server's
      // same-origin checks see the page's origin.
      '/api': { target: api },
      '/openapi.json': { target: api },
      '/docs': { target: api },
    },
  },
  preview: {
    proxy: {
      '/api': { target: api },
      '/openapi.json': { target: api },
      '/docs': { target: api },
    },
  },
});
