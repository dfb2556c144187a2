module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.jest.test.{js,cjs,mjs}'],
  transform: {},
  testEnvironment: 'node',
}
