// The deliberately failing examples: each one runs in-process and its failure message is pinned with a
// snapshot, so a change in what users see when a test fails shows up in review.
import { basename, dirname, join } from 'node:path'
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
    // Snapshots in failing/__snapshots__/vitest/, beside Jest's in failing/__snapshots__/jest/.
    resolveSnapshotPath: (testPath: string, extension: string) =>
      join(dirname(testPath), '__snapshots__', 'vitest', basename(testPath) + extension),
  },
})
