// The example suites under Vitest, against the built package (`npm run build` first).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export const suites = ['first-steps', 'model-unit-tests', 'qa-suite', 'feature-transformers']

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: suites.map((s) => `${s}/**/*.test.ts`),
    // The test files use the runners' globals, so that the same files run under Jest.
    globals: true,
    setupFiles: ['probably/vitest'],
    // Training a model several times in one test takes longer than the default 5 s.
    testTimeout: 60_000,
    maxWorkers: 2,
  },
})
