/**
 * `import 'probably/jest'` (or `setupFilesAfterEnv: ['probably/jest']`) registers every matcher with
 * Jest's global `expect` and adds their types to `@types/jest`'s `jest.Matchers`.
 * For tsc, add `"types": ["jest", "probably/jest"]` to tsconfig's compilerOptions.
 * With `injectGlobals: false` or `import { expect } from '@jest/globals'`, use `probably/jest-globals`.
 */

import { claimFileHook, finishBaselineFile, jestTests } from './baselineSession'
import { carryRecordsToRunDir } from './carry-jest'
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

const globalExpect = (globalThis as { expect?: { extend(m: object): void; getState?(): any } }).expect
if (!globalExpect || typeof globalExpect.extend !== 'function')
  throw new Error(
    "probably/jest: no global `expect` was found. Import 'probably/jest' inside a Jest test or setupFilesAfterEnv; " +
      "with injectGlobals: false, import 'probably/jest-globals' instead.",
  )
globalExpect.extend(matchers)
// Each test's assertion records go to probably/reporter.
carryRecordsToRunDir()

// At the end of each test file: report (and on update remove) baselines no test used.
const globalAfterAll = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll
if (typeof globalAfterAll === 'function' && claimFileHook())
  globalAfterAll(() => {
    const state = globalExpect.getState?.() ?? {}
    finishBaselineFile(state.testPath, state, jestTests())
  })

declare global {
  namespace jest {
    interface Matchers<R, T> extends ProbablyMatchers<R> {}
    interface Expect extends ProbablyMatchers<any> {}
    interface InverseAsymmetricMatchers extends ProbablyMatchers<any> {}
  }
}

export type { ProbablyMatchers }
export { matchers }
