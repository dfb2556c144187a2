/**
 * `import 'probably/vitest'` registers every matcher with Vitest's `expect` and adds their types.
 * Put it in a setup file (`setupFiles`) or at the top of a test file.
 */
import { expect } from 'vitest'
import { carryRecordsToMeta } from './carry-vitest'
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

expect.extend(matchers as any)
// Each test's assertion records go to probably/reporter.
carryRecordsToMeta()

declare module 'vitest' {
  interface Assertion extends ProbablyMatchers {}
  interface AsymmetricMatchersContaining extends ProbablyMatchers {}
}

export type { ProbablyMatchers }
export { matchers }
