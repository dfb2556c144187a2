// Making a seeded generator and drawing from it: createRng against seedrandom's own Tyche-i (the stream
// createRng reproduces bit for bit) and against the createRng of the previous release (seeded by seedrandom,
// nine closures and a property definition a generator; copied below as it was). A sampler loop and a Monte
// Carlo run make one generator per draw, so the first row is what every draw pays.
// Run: npx tsup && node bench/rng.bench.mjs
import seedrandom from 'seedrandom'
import { Bench } from 'tinybench'
import { createRng } from '../dist/index.js'

/** createRng as it was before this change (src/random.ts at 0ab898c), for the comparison. */
function previousCreateRng(s) {
  const st = seedrandom.tychei(s, { state: true }).state()
  const x = new Int32Array([st.a, st.b, st.c, st.d])
  const next = () => {
    let r
    do {
      let a = x[0]
      let b = x[1]
      let c = x[2]
      let d = x[3]
      b = (b << 25) ^ (b >>> 7) ^ c
      c = (c - d) | 0
      d = (d << 24) ^ (d >>> 8) ^ a
      a = (a - b) | 0
      b = (b << 20) ^ (b >>> 12) ^ c
      c = (c - d) | 0
      d = (d << 16) ^ (c >>> 16) ^ a
      a = (a - b) | 0
      const top = a >>> 11
      b = (b << 25) ^ (b >>> 7) ^ c
      c = (c - d) | 0
      d = (d << 24) ^ (d >>> 8) ^ a
      a = (a - b) | 0
      b = (b << 20) ^ (b >>> 12) ^ c
      c = (c - d) | 0
      d = (d << 16) ^ (c >>> 16) ^ a
      a = (a - b) | 0
      x[0] = a
      x[1] = b
      x[2] = c
      x[3] = d
      r = (top + (a >>> 0) / 0x100000000) / (1 << 21)
    } while (r === 0)
    return r
  }
  let spare = Number.NaN
  const rng = () => next()
  Object.defineProperty(rng, 'seed', { value: s, enumerable: true })
  rng.next = next
  rng.uniform = (min = 0, max = 1) => min + (max - min) * next()
  rng.normal = (mean = 0, sd = 1) => {
    if (!Number.isNaN(spare)) {
      const z = spare
      spare = Number.NaN
      return mean + sd * z
    }
    let u
    let v
    let q
    do {
      u = 2 * next() - 1
      v = 2 * next() - 1
      q = u * u + v * v
    } while (q >= 1 || q === 0)
    const f = Math.sqrt((-2 * Math.log(q)) / q)
    spare = v * f
    return mean + sd * u * f
  }
  rng.integer = (min, max) => min + Math.floor(next() * (max - min + 1))
  rng.shuffle = (array) => array
  rng.resample = (values) => values
  rng.choice = (values) => values[0]
  rng.fork = (label) => previousCreateRng(`${s}/${label}`)
  return rng
}

// The same first draws, so the rows compare the same work.
for (let i = 0; i < 100; i++) {
  const a = createRng(`s/${i}`)
  const b = previousCreateRng(`s/${i}`)
  const c = seedrandom.tychei(`s/${i}`)
  const [x, y, z] = [a(), b(), c.double()]
  if (x !== y || x !== z) throw new Error(`different streams for s/${i}`)
}

let i = 0
let sink = 0
const bench = new Bench({ time: 1500, warmupTime: 300 })
bench
  .add('createRng(seed).normal() — one generator a draw', () => {
    sink += createRng(`s/${i++}`).normal()
  })
  .add('previous createRng(seed).normal()', () => {
    sink += previousCreateRng(`s/${i++}`).normal()
  })
  .add("seedrandom.tychei(seed).double() — seedrandom's own", () => {
    sink += seedrandom.tychei(`s/${i++}`).double()
  })
  .add('createRng(seed) and 10^4 draws of rng()', () => {
    const r = createRng(`long/${i++}`)
    for (let k = 0; k < 10_000; k++) sink += r()
  })
  .add('previous createRng(seed) and 10^4 draws of rng()', () => {
    const r = previousCreateRng(`long/${i++}`)
    for (let k = 0; k < 10_000; k++) sink += r()
  })
  .add('seedrandom.tychei(seed) and 10^4 draws of .double()', () => {
    const r = seedrandom.tychei(`long/${i++}`)
    for (let k = 0; k < 10_000; k++) sink += r.double()
  })
await bench.run()
console.log('| task | median µs | ops/s |')
console.log('| --- | ---: | ---: |')
for (const t of bench.tasks) {
  const r = t.result
  const med = r.latency?.p50 ?? r.median ?? r.mean
  console.log(
    `| ${t.name} | ${(med * 1000).toFixed(3)} | ${Math.round(r.throughput?.mean ?? r.hz).toLocaleString('en')} |`,
  )
}
if (sink === 42) console.log('')
