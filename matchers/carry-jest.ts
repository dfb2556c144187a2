/** Jest (global hooks): each test's assertion records go to the reporter's run folder (see carry.ts). */
import { flushToRunDir, planFromReportFolder } from './carry'

/** Registers the hooks that write each test's records for the reporter (called by probably/jest). */
export function carryRecordsToRunDir(): void {
  planFromReportFolder()
  const hooks = globalThis as { afterEach?: (fn: () => void) => void; afterAll?: (fn: () => void) => void }
  if (typeof hooks.afterEach === 'function') hooks.afterEach(() => flushToRunDir())
  if (typeof hooks.afterAll === 'function') hooks.afterAll(() => flushToRunDir())
}
