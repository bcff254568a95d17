// Builds both web apps into dist/web; the Concierge server serves them from there.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const distWeb = fileURLToPath(new URL('../dist/web', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: distWeb,
    emptyOutDir: true,
    // No source maps unless asked (WEB_SOURCEMAPS=1): served, they hand out the source with its
    // comments; the server also refuses *.map in production.
    sourcemap: process.env.WEB_SOURCEMAPS === '1',
    rolldownOptions: {
      input: {
        staff: fileURLToPath(new URL('./staff/index.html', import.meta.url)),
        guest: fileURLToPath(new URL('./guest/index.html', import.meta.url)),
        // The push service worker keeps one unhashed name: browsers find it again at /push-sw.js.
        'push-sw': fileURLToPath(new URL('./push-sw.ts', import.meta.url)),
      },
      output: { entryFileNames: (chunk: { name: string }) => (chunk.name === 'push-sw' ? 'push-sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with the API on :8000.
    proxy: {
      '^/(auth|chat|pusher|admin)/': 'http://127.0.0.1:8000',
      '/app/': { target: 'ws://127.0.0.1:8000', ws: true },
    },
  },
});
