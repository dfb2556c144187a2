import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'matchers/**/*.test.ts', 'src/**/*.test.ts'],
    setupFiles: ['test/unit/setup.ts'],
    // The simulation tests are CPU-bound; two workers match the two cores CI has.
    maxWorkers: 2,
  },
})
