/** Every matcher, as the object that `expect.extend` takes. */

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
import { toMatchBaseline } from './toMatchBaseline'
import { toMatchDistribution } from './toMatchDistribution'

export const matchers = {
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
}
