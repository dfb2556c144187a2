/** Vitest: each test's assertion records go into its `task.meta.probably` (see carry.ts). */
import { afterEach } from 'vitest'
import { takeRecords } from '../src/records'
import { planFromReportFolder, takeDropped } from './carry'

/** Records a test carries at most (a loop of assertions in one test keeps its first ones, counts the rest). */
const MAX_RECORDS_PER_TEST = 1000

/** Registers the hook that moves each test's records into its meta (called by probably/vitest). */
export function carryRecordsToMeta(): void {
  planFromReportFolder()
  afterEach((context) => {
    const all = takeRecords()
    const records = all.slice(0, MAX_RECORDS_PER_TEST)
    const dropped = takeDropped() + all.length - records.length
    if (!records.length && !dropped) return
    const meta = context.task.meta as { probably?: unknown[]; probablyDropped?: number }
    meta.probably = [...(meta.probably ?? []), ...records]
    if (dropped) meta.probablyDropped = (meta.probablyDropped ?? 0) + dropped
  })
}
