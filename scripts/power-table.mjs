// Prints the README's "Choosing sample sizes" table: the smallest violation each kind of claim detects
// at the default rates. Run after `npm run build`: node scripts/power-table.mjs
import {
  detectableKsDistanceExact,
  detectableMeanShift,
  detectableProportionShift,
  getConfig,
} from '../dist/index.js'

const { falseFailRate, falsePassRate } = getConfig()
const rates = { falseFailRate, falsePassRate }
const f = (x) => (Number.isFinite(x) ? x.toPrecision(2) : '—')
console.log(
  '| n | mean (in sd units) | share or median level near 0.5 | share or p95 level near 0.95 | KS distance, one sample | KS distance, two samples of n each |',
)
console.log('| --- | --- | --- | --- | --- | --- |')
for (const n of [30, 100, 300, 1000, 3000, 10000]) {
  const mean = detectableMeanShift(n, { sd: 1, method: 't', alternative: 'greater', ...rates })
  const p50 = detectableProportionShift(n, { p0: 0.5, alternative: 'less', ...rates })
  const p95 = detectableProportionShift(n, { p0: 0.95, alternative: 'less', ...rates })
  const ks1 = detectableKsDistanceExact(n, rates)
  const ks2 = detectableKsDistanceExact(n, { m: n, ...rates })
  console.log(`| ${n} | ${f(mean)} | ${f(p50)} | ${f(p95)} | ${f(ks1)} | ${f(ks2)} |`)
}
