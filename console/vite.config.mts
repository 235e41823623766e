import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the console into `console/dist`, served by the gateway under `/console/`. Everything the
 * page needs is bundled (no CDN, no font or script from elsewhere at run time).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries' "use client" markers mean nothing in a client-only bundle.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
