/** Jest with `@jest/globals`: each test's assertion records go to the reporter's run folder (see carry.ts). */
import { afterAll, afterEach } from '@jest/globals'
import { flushToRunDir, planFromReportFolder } from './carry'

/** Registers the hooks that write each test's records for the reporter (called by probably/jest-globals). */
export function carryRecordsToRunDir(): void {
  planFromReportFolder()
  afterEach(() => flushToRunDir())
  afterAll(() => flushToRunDir())
}
