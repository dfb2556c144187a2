// The same first example under Jest, with the global expect (setupFilesAfterEnv: ['probably/jest']).
require('probably/jest')

test('the mean validation score lies in the agreed band', () => {
  const scores = [0.81, 0.79, 0.84, 0.8, 0.83]
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length
  expect(mean).toBeWithinInterval([0.75, 0.9])
})
