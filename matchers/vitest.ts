/**
 * `import 'probably/vitest'` registers every matcher with Vitest's `expect` and adds their types.
 * Put it in a setup file (`setupFiles`) or at the top of a test file.
 */
import { afterAll, expect } from 'vitest'
import { finishBaselineFile, vitestTests } from './baselineSession'
import { matchers } from './index'
import type { ProbablyMatchers } from './types'

expect.extend(matchers as any)

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

declare module 'vitest' {
  interface Assertion extends ProbablyMatchers {}
  interface AsymmetricMatchersContaining extends ProbablyMatchers {}
}

export type { ProbablyMatchers }
export { matchers }
