/**
 * The calibration cases, one file per area under cases/: for each statistical matcher and claim, data
 * exactly at the boundary of the claim, and data that violate it by exactly the tolerance.
 * `CALIBRATION_AREA=interval npm run calibrate` runs one area (see calibrate.test.ts).
 */

import { cases as baseline } from './cases/baseline'
import { cases as distribution } from './cases/distribution'
import { cases as interval } from './cases/interval'
import { cases as metrics } from './cases/metrics'
import { cases as sequential } from './cases/sequential'
import { cases as stability } from './cases/stability'
import type { CalibrationCase } from './harness'

/** The cases by area (the area names the JSON file under docs/calibration/). */
export const areas: Record<string, CalibrationCase[]> = {
  interval,
  distribution,
  stability,
  metrics,
  sequential,
  baseline,
}

export const cases: CalibrationCase[] = Object.values(areas).flat()
