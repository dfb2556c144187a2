/**
 * `import 'probably/jest-globals'` registers every matcher with the `expect` of `@jest/globals` and adds
 * their types to the `expect` package's `Matchers`, for suites that import `expect` explicitly. For tsc,
 * add `"types": ["probably/jest-globals"]` to tsconfig's compilerOptions.
 */
import { expect } from '@jest/globals'
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

expect.extend(matchers as any)

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends ProbablyMatchers<R> {}
  interface AsymmetricMatchers extends ProbablyMatchers<void> {}
}

export type { ProbablyMatchers }
export { matchers }
