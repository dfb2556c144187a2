// Jest keeps its snapshots of the failure messages apart from Vitest's (the formats differ, and so do
// the Reproduce lines): failing/__snapshots__/jest/<test file>.snap.
const path = require('node:path')

module.exports = {
  resolveSnapshotPath: (testPath, extension) =>
    path.join(path.dirname(testPath), '__snapshots__', 'jest', path.basename(testPath) + extension),
  resolveTestPath: (snapshotPath, extension) =>
    path.join(path.dirname(snapshotPath), '..', '..', path.basename(snapshotPath, extension)),
  testPathForConsistencyCheck: path.join('failing', 'failure-messages.test.ts'),
}
