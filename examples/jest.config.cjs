// The same example suites under Jest: TypeScript through @swc/jest (to CommonJS), the matchers from
// `probably/jest`, against the built package (`npm run build` first).
const suites = ['first-steps', 'model-unit-tests', 'qa-suite', 'feature-transformers']

module.exports = {
  rootDir: __dirname,
  // Only the suites' folders: failing/ (with its snapshots) has a config of its own.
  roots: suites.map((s) => `<rootDir>/${s}`),
  testMatch: suites.map((s) => `<rootDir>/${s}/**/*.test.ts`),
  setupFilesAfterEnv: ['probably/jest'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  testEnvironment: 'node',
  // Training a model several times in one test takes longer than the default 5 s.
  testTimeout: 60000,
  maxWorkers: 2,
}
