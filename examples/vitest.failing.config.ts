// The deliberately failing examples: each one runs in-process and its failure message is pinned with a
// snapshot, so a change in what users see when a test fails shows up in review.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['failing/**/*.test.ts'],
    globals: true,
    setupFiles: ['probably/vitest'],
    testTimeout: 60_000,
    maxWorkers: 2,
  },
})
