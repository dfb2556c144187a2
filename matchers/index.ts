/** Every matcher, as the object that `expect.extend` takes. */
import { toBeWithinInterval } from './toBeWithinInterval'
import { toMatchDistribution } from './toMatchDistribution'

export const matchers = {
  toBeWithinInterval,
  toMatchDistribution,
}
