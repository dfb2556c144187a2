/** Every matcher, as the object that `expect.extend` takes. */
import { toBeReproducible } from './toBeReproducible'
import { toBeStableAcrossSeeds } from './toBeStableAcrossSeeds'
import { toBeWithinInterval } from './toBeWithinInterval'
import { toMatchDistribution } from './toMatchDistribution'

export const matchers = {
  toBeWithinInterval,
  toMatchDistribution,
  toBeStableAcrossSeeds,
  toBeReproducible,
}
