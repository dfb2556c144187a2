import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/calibration/calibrate.test.ts'],
    setupFiles: ['test/unit/setup.ts'],
    testTimeout: 3_600_000,
  },
})
