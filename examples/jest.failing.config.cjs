// The deliberately failing examples under Jest: the same file as under Vitest, with Jest's messages
// pinned in failing/__snapshots__/jest/.
const base = require('./jest.config.cjs')

module.exports = {
  ...base,
  roots: ['<rootDir>/failing'],
  testMatch: ['<rootDir>/failing/**/*.test.ts'],
  snapshotResolver: '<rootDir>/failing/jest-snapshot-resolver.cjs',
}
