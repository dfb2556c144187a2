/**
 * `import 'probably/vitest'` registers every matcher with Vitest's `expect` and adds their types.
 * Put it in a setup file (`setupFiles`) or at the top of a test file; for the types, add
 * `"types": ["probably/vitest"]` to tsconfig's compilerOptions (or import it in a .d.ts file).
 */
import { afterAll, chai, expect } from 'vitest'
import { finishBaselineFile, vitestTests } from './baselineSession'
import { carryRecordsToMeta } from './carry-vitest'
import { matchers } from './index'
import { noteVitestAssertion, VITEST_CALL_FLAG } from './runner'
import type { ProbablyMatchers } from './types'

expect.extend(matchers as any)
// Each test's assertion records go to probably/reporter.
carryRecordsToMeta()

// At the end of each test file: report (and on update remove) baselines no test used.
// The hook reads its arguments without naming them: Vitest 3 passes (suite), Vitest 4 and 5 (fixtures,
// suite), and Vitest 4 rejects a hook whose first parameter is not a destructuring pattern.
afterAll(function finishBaselines() {
  // biome-ignore lint/complexity/noArguments: a named parameter would be parsed as a fixture by Vitest 4
  const suite = Array.prototype.find.call(arguments, (a: any) => a && Array.isArray(a.tasks))
  const state = expect.getState()
  finishBaselineFile(
    (suite as { filepath?: string } | undefined)?.filepath ?? state.testPath,
    state,
    vitestTests(suite),
  )
})

// Both the global expect and a test context's expect call `withTest(test)` on every assertion they make:
// noting there which expect made it lets a matcher in a concurrent test refuse the global expect (whose
// `test` is whichever test ran last) instead of taking another test's seed.
const WRAPPED = Symbol.for('probably.vitest.withTest')
const proto = (chai as any).Assertion?.prototype
if (proto && typeof proto.withTest === 'function' && !(globalThis as any)[WRAPPED]) {
  ;(globalThis as any)[WRAPPED] = true
  chai.util.overwriteMethod(
    proto,
    'withTest',
    (original: (...args: unknown[]) => unknown) =>
      function (this: object, test: unknown, ...rest: unknown[]) {
        chai.util.flag(this, VITEST_CALL_FLAG, noteVitestAssertion(test))
        return original.call(this, test, ...rest)
      },
  )
}

declare module 'vitest' {
  interface Assertion extends ProbablyMatchers {}
  interface AsymmetricMatchersContaining extends ProbablyMatchers {}
}

export type { ProbablyMatchers }
export { matchers }
