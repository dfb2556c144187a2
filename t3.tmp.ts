import { decideKsTwoSample, decideKsOneSample, decideChiSquareGoodnessOfFit } from './src/distributionPower'
import { createRng } from './src/random'
const rng = createRng('x')
const N = (n: number) => Float64Array.from({ length: n }, () => rng.normal(0, 1))
let t = performance.now()
const r = decideKsTwoSample(N(2000), N(2000))
console.log(r.decision.outcome, r.decision.power, r.test.pValue, r.detectable, (performance.now() - t).toFixed(0), 'ms')
t = performance.now()
const r2 = decideKsTwoSample(N(1500), N(1500))
console.log(r2.decision.outcome, r2.decision.power, r2.decision.samplesNeeded, r2.samplesEach, (performance.now() - t).toFixed(0), 'ms')
t = performance.now()
const r3 = decideKsTwoSample(N(2000), N(1999))
console.log(r3.decision.outcome, r3.decision.power, r3.decision.samplesNeeded, r3.samplesEach, (performance.now() - t).toFixed(0), 'ms')
t = performance.now()
const r4 = decideKsOneSample(N(800), { normal: { mean: 0, sd: 1 } })
console.log(r4.decision.outcome, r4.decision.power, r4.detectable, (performance.now() - t).toFixed(0), 'ms')
// rare category false fail
const p = [0.5, 0.3, 0.1998, 0.0002]
let fails = 0
t = performance.now()
const R = 2000
for (let i = 0; i < R; i++) {
  const c = [0, 0, 0, 0]
  for (let j = 0; j < 1000; j++) { let u = rng(); let k = 0; while (k < 3 && u >= p[k]) u -= p[k++]; c[k]++ }
  const d = decideChiSquareGoodnessOfFit(c, p, { seed: i, falseFailRate: 0.01 })
  if (d.decision.outcome === 'fail') fails++
}
console.log('rare fail rate', fails / R, (performance.now() - t) / R, 'ms per')
