import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { root: __dirname, include: ['**/*.test.ts'], maxWorkers: 2 },
})
