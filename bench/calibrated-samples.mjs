// Samples to a verdict for toBeCalibrated({ maxECE: 0.05 }) at the defaults (10 uniform bins, tolerance
// 0.05, rates 0.001 / 0.05) on perfectly calibrated probabilities (uniform in [0.1, 0.9]), beside a
// simulated fixed-n test that knows the violation's shape: it passes when the plug-in ECE is below the
// 5% quantile of the plug-in ECE under a uniform gap of 0.1 (the tolerance violated), at the same n.
// `npx tsup && node bench/calibrated-samples.mjs [runs]` prints, per n, the share of runs each passes.
import { calibrationCurve, createRng, decideCalibration, expectedCalibrationError } from '../dist/index.js'

const runs = Number(process.argv[2] ?? 300)
const rng = createRng('fixed-n')
function data(n, gap) {
  const probs = new Float64Array(n)
  const actual = new Array(n)
  for (let i = 0; i < n; i++) {
    probs[i] = 0.1 + 0.8 * rng()
    actual[i] = rng() < probs[i] + gap ? 1 : 0
  }
  return { actual, probs }
}
console.log('| n | fixed-n test passes | toBeCalibrated passes |')
console.log('| ---: | ---: | ---: |')
for (const n of [250, 300, 350, 400, 450, 500, 600]) {
  const alt = []
  for (let r = 0; r < 2000; r++) {
    const d = data(n, 0.1)
    alt.push(expectedCalibrationError(d.actual, d.probs))
  }
  alt.sort((a, b) => a - b)
  const critical = alt[Math.floor(0.05 * alt.length)]
  let fixed = 0
  let ours = 0
  for (let r = 0; r < runs; r++) {
    const d = data(n, 0)
    if (expectedCalibrationError(d.actual, d.probs) < critical) fixed++
    const bins = calibrationCurve(d.actual, d.probs)
    const decision = decideCalibration({
      bins,
      maxECE: 0.05,
      tolerance: 0.05,
      falseFailRate: 0.001,
      falsePassRate: 0.05,
    })
    if (decision.outcome === 'pass') ours++
  }
  console.log(`| ${n} | ${(fixed / runs).toFixed(3)} | ${(ours / runs).toFixed(3)} |`)
}
