// The Jest suite runs against the built package (dist/), as a user's Jest would load it.
const path = require('node:path')

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/test/jest'],
  testMatch: ['<rootDir>/test/jest/**/*.test.{js,cjs,mjs}'],
  setupFilesAfterEnv: ['<rootDir>/dist/jest.cjs'],
  transform: {},
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'cjs', 'mjs', 'json'],
}
