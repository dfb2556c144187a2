/**
 * Every matcher, as the object that `expect.extend` takes. Each is wrapped so that a sampler timeout says
 * which budget ran out and how to raise it, with the Reproduce line (matchers/timeBudget.ts).
 */
import { withTimeoutExplained } from './timeBudget'
import { timed } from './timing'
import { toBeCalibrated } from './toBeCalibrated'
import { toBeNoWorseThan } from './toBeNoWorseThan'
import { toBeReproducible } from './toBeReproducible'
import { toBeStableAcrossSeeds } from './toBeStableAcrossSeeds'
import { toBeWithinInterval } from './toBeWithinInterval'
import { toHaveErrorBelow } from './toHaveErrorBelow'
import {
  toHaveAccuracyAbove,
  toHaveAUCAbove,
  toHaveF1Above,
  toHavePrecisionAbove,
  toHaveRecallAbove,
} from './toHaveMetricAbove'
import { toHaveParityAcross } from './toHaveParityAcross'
import { toHaveSuccessRateAbove } from './toHaveSuccessRateAbove'
import { toMatchBaseline } from './toMatchBaseline'
import { toMatchDistribution } from './toMatchDistribution'

const unwrapped = {
  toBeWithinInterval,
  toHaveRecallAbove,
  toHavePrecisionAbove,
  toHaveF1Above,
  toHaveAccuracyAbove,
  toHaveAUCAbove,
  toBeCalibrated,
  toHaveErrorBelow,
  toHaveParityAcross,
  toBeNoWorseThan,
  toMatchDistribution,
  toMatchBaseline,
  toBeStableAcrossSeeds,
  toBeReproducible,
  toHaveSuccessRateAbove,
}

// Timed outermost: an assertion's record holds its wall time (matchers/timing.ts).
export const matchers: typeof unwrapped = timed(
  Object.fromEntries(
    Object.entries(unwrapped).map(([name, matcher]) => [name, withTimeoutExplained(matcher)]),
  ) as typeof unwrapped,
)
