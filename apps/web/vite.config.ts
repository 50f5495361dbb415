import { defineConfig } from 'vite';

// Everything is bundled into hashed files under dist/assets: the API serves them with helmet's default
// CSP (no inline scripts, no CDNs). `npm run dev` proxies the API so the same relative URLs work.
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:8000' },
  },
});
