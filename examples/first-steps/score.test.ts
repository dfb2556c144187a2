// A first example: a model's score must land in an agreed band.
// Run with `npm run examples` (Vitest) — the same file runs under Jest in examples/first-steps/jest/.
import { expect, test } from 'vitest'
import 'probably/vitest'

function meanScore(scores: number[]): number {
  return scores.reduce((a, b) => a + b, 0) / scores.length
}

test('the mean validation score lies in the agreed band', () => {
  const scores = [0.81, 0.79, 0.84, 0.8, 0.83]
  expect(meanScore(scores)).toBeWithinInterval([0.75, 0.9])
})
