import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    // Go embeds frontend/dist into the binary.
    outDir: 'dist',
    emptyOutDir: true,
    // A desktop app loads from its own asset server: one big chunk is fine.
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    mockReset: true,
    unstubGlobals: true,
    // A bound, not a wait: views mount Naive UI and import lazy routes, which take seconds
    // on a loaded 2-core machine (make test beside other builds); 5 s failed there once.
    testTimeout: 30_000,
  },
})
