import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    vitest: 'matchers/vitest.ts',
    jest: 'matchers/jest.ts',
    'jest-globals': 'matchers/jest-globals.ts',
    eslint: 'matchers/eslint.ts',
    reporter: 'matchers/reporter.ts',
    'reporter-vitest': 'matchers/reporter-vitest.ts',
    'reporter-jest': 'matchers/reporter-jest.ts',
    // The worker of monteCarlo on a worker pool, loaded by file path (not a package export).
    'montecarlo-worker': 'src/montecarlo-worker.ts',
  },
  format: ['esm', 'cjs'],
  // Shared chunks (CommonJS too), so every entry sees one copy of each module and its classes:
  // an error thrown by a matcher is an instance of the class exported by 'probably'.
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url in the CommonJS build (monteCarlo finds its worker file beside the bundle).
  shims: true,
  // The runners are peers: never bundle them.
  external: ['vitest', 'jest', '@jest/globals', 'expect', 'tinypool'],
  // Vitest cannot be required, so probably/vitest is ESM only: the postbuild script drops its CommonJS build.
})
