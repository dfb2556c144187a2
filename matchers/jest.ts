/**
 * `import 'probably/jest'` (or `setupFilesAfterEnv: ['probably/jest']`) registers every matcher with
 * Jest's global `expect` and adds their types to `@types/jest`'s `jest.Matchers`.
 * For tsc, add `"types": ["jest", "probably/jest"]` to tsconfig's compilerOptions.
 * With `injectGlobals: false` or `import { expect } from '@jest/globals'`, use `probably/jest-globals`.
 */
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

const globalExpect = (globalThis as { expect?: { extend(m: object): void } }).expect
if (!globalExpect || typeof globalExpect.extend !== 'function')
  throw new Error(
    "probably/jest: no global `expect` was found. Import 'probably/jest' inside a Jest test or setupFilesAfterEnv; " +
      "with injectGlobals: false, import 'probably/jest-globals' instead.",
  )
globalExpect.extend(matchers)

declare global {
  namespace jest {
    interface Matchers<R, T> extends ProbablyMatchers<R> {}
    interface Expect extends ProbablyMatchers<any> {}
    interface InverseAsymmetricMatchers extends ProbablyMatchers<any> {}
  }
}

export type { ProbablyMatchers }
export { matchers }
