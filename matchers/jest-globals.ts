/**
 * `import 'probably/jest-globals'` registers every matcher with the `expect` of `@jest/globals` and adds
 * their types to the `expect` package's `Matchers`, for suites that import `expect` explicitly. For tsc,
 * add `"types": ["probably/jest-globals"]` to tsconfig's compilerOptions.
 */
import { afterAll, expect } from '@jest/globals'
import { claimFileHook, finishBaselineFile, jestTests } from './baselineSession'
import { carryRecordsToRunDir } from './carry-jest-globals'
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

expect.extend(matchers as any)
// Each test's assertion records go to probably/reporter.
carryRecordsToRunDir()

// At the end of each test file: report (and on update remove) baselines no test used.
if (claimFileHook())
  afterAll(() => {
    const state = expect.getState() as { testPath?: string }
    finishBaselineFile(state.testPath, state, jestTests())
  })

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends ProbablyMatchers<R> {}
  interface AsymmetricMatchers extends ProbablyMatchers<void> {}
}

export type { ProbablyMatchers }
export { matchers }
