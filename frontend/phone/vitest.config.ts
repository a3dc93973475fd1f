import { defineConfig } from 'vitest/config'

// The phone-side scripts' unit tests (npm run test:phone; npm test runs them too).
export default defineConfig({
  root: import.meta.dirname,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    mockReset: true,
    unstubGlobals: true,
  },
})
