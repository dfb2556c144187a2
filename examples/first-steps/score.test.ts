// A first example: a model's mean validation score must land in an agreed band. The file uses the
// runners' globals (`test`, `expect`), so it runs unchanged under Vitest and Jest (`npm run examples`).

function meanScore(scores: number[]): number {
  return scores.reduce((a, b) => a + b, 0) / scores.length
}

test('the mean validation score lies in the agreed band', () => {
  const scores = [0.81, 0.79, 0.84, 0.8, 0.83]
  // A single number against a band: a plain bounds check, no statistics involved.
  expect(meanScore(scores)).toBeWithinInterval([0.75, 0.9])
})
