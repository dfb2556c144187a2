// The exceedance of Baseline.interval: over many baselines, the TRUE probability that a new draw lands
// beyond the interval (exact, from each shape's distribution function), averaged, against 1 − coverage.
// Run: npx vite-node scripts/baseline-exceedance.ts [reps=2000]   (prints the README's Markdown table)
import { normalCdf, studentTCdf } from '../src/distributions'
import { Baseline } from '../src/montecarlo'
import { createRng, type Rng } from '../src/random'

const reps = Number(process.argv[2] ?? 2000)
const shapes: Record<string, [(r: Rng) => number, (x: number) => number]> = {
  normal: [(r) => r.normal(), (x) => normalCdf(x)],
  'lognormal(0, 1)': [(r) => Math.exp(r.normal()), (x) => (x <= 0 ? 0 : normalCdf(Math.log(x)))],
  't(3)': [
    (r) => {
      let c = 0
      for (let i = 0; i < 3; i++) c += r.normal() ** 2
      return r.normal() / Math.sqrt(c / 3)
    },
    (x) => studentTCdf(x, 3),
  ],
  uniform: [(r) => r(), (x) => Math.min(1, Math.max(0, x))],
}
const grid = [200, 500, 2000].flatMap((runs) => [0.99, 0.999].map((coverage) => ({ runs, coverage })))
console.log(
  `| tail | ${grid.map((g) => `${g.runs} runs, ${g.coverage}`).join(' | ')} |\n| --- |${grid.map(() => ' --- |').join('')}`,
)
for (const [name, [draw, cdf]] of Object.entries(shapes)) {
  const cells: string[] = []
  for (const { runs, coverage } of grid) {
    const rng = createRng(`${name}/${runs}/${coverage}`)
    let sum = 0
    let exact = 0
    let method = ''
    const xs = new Float64Array(runs)
    try {
      for (let rep = 0; rep < reps; rep++) {
        for (let i = 0; i < runs; i++) xs[i] = draw(rng)
        const iv = Baseline.from(xs).interval(coverage)
        method = iv.method === 'evt-gpd' ? 'EVT' : 'order statistic'
        sum += cdf(iv.lower) + (1 - cdf(iv.upper))
        exact += (iv.tails.lower?.exceedance ?? Number.NaN) + (iv.tails.upper?.exceedance ?? Number.NaN)
      }
      const ratio = (x: number) => (x / reps / (1 - coverage)).toFixed(2)
      cells.push(
        method === 'EVT'
          ? `${ratio(sum)}× (EVT)`
          : `${ratio(sum)}× (order statistic; exactly ${ratio(exact)}×)`,
      )
    } catch {
      cells.push('refused: too few runs')
    }
  }
  console.log(`| ${name} | ${cells.join(' | ')} |`)
}
