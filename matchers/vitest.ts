/**
 * `import 'probably/vitest'` registers every matcher with Vitest's `expect` and adds their types.
 * Put it in a setup file (`setupFiles`) or at the top of a test file.
 */
import { expect } from 'vitest'
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

expect.extend(matchers as any)

declare module 'vitest' {
  interface Assertion extends ProbablyMatchers {}
  interface AsymmetricMatchersContaining extends ProbablyMatchers {}
}

export type { ProbablyMatchers }
export { matchers }
