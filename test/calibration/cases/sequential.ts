/** Calibration cases: sequential. See ../harness.ts; the list is gathered in ../cases.ts. */
import type { CalibrationCase } from '../harness'

export const cases: CalibrationCase[] = []
