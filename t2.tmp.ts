import { kstwoSf } from './src/kolmogorov'
import { ksOneSampleCritical, ksOneSamplePower, ksTwoSamplePower, ksTwoSampleCritical, samplesForKsExact, detectableKsDistanceExact } from './src/distributionPower'
for (const n of [100, 1000, 3000, 10000, 30000, 100000]) {
  let t = performance.now()
  for (let i = 0; i < 10; i++) kstwoSf(n, 2/Math.sqrt(n) + i * 1e-5)
  const x = 1.9495974
  console.log(n, 'kstwoSf ms', ((performance.now() - t) / 10).toFixed(3))
  t = performance.now()
  const c = ksOneSampleCritical(n, 0.001)
  console.log(n, 'crit', c, 'stephens', x/(Math.sqrt(n)+0.12+0.11/Math.sqrt(n)), 'ms', (performance.now() - t).toFixed(1))
  t = performance.now()
  console.log(n, 'power0.1', ksOneSamplePower(n, {tolerance: 0.1}), 'ms', (performance.now() - t).toFixed(1))
}
let t = performance.now()
console.log('samples 1-sample', samplesForKsExact({tolerance: 0.1}), (performance.now() - t).toFixed(1))
t = performance.now()
console.log('samples equal', samplesForKsExact({tolerance: 0.1, m: 'equal'}), (performance.now() - t).toFixed(1))
t = performance.now()
console.log('crit 2000,2000', ksTwoSampleCritical(2000, 2000), (performance.now() - t).toFixed(1))
t = performance.now()
console.log('power 2000,2000', ksTwoSamplePower(2000, 2000, {tolerance: 0.1}), (performance.now() - t).toFixed(1))
t = performance.now()
console.log('power 1500,1500', ksTwoSamplePower(1500, 1500, {tolerance: 0.1}), (performance.now() - t).toFixed(1))
t = performance.now()
console.log('detectable 1000', detectableKsDistanceExact(1000), (performance.now() - t).toFixed(1))
t = performance.now()
console.log('detectable 2000,2000', detectableKsDistanceExact(2000, {m: 2000}), (performance.now() - t).toFixed(1))
