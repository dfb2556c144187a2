// The baseline engine: entries, the compact quantile grid and its error bound, the comparisons and their
// decisions, the file store (format, checks, locking, atomic writes, concurrent writers).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  BaselineFileError,
  baselinePathFor,
  formatBaselineFile,
  parseBaselineFile,
  readBaselineFile,
  updateBaselineFile,
} from '../../src/baselineStore'
import {
  baselineAdequacy,
  checkMetricResult,
  compactKsError,
  compareLabels,
  compareMetric,
  compareNumbers,
  labelsEntry,
  MAX_STORED_VALUES,
  metricEntry,
  numbersEntry,
  quantileGrid,
  samplesForLabelsBaseline,
} from '../../src/baselines'
import { ks2Sample } from '../../src/hypothesis'
import { createRng } from '../../src/random'
import { VERSION } from '../../src/version'

const ROOT = resolve(__dirname, '../..')
const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'probably-baselines-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const rates = { falseFailRate: 0.001, falsePassRate: 0.05, tolerance: 0.1 }

function normals(seed: string, n: number, mu = 0): number[] {
  const rng = createRng(seed)
  const out: number[] = []
  for (let i = 0; i < n; i += 2) {
    const u = rng() || 1e-12
    const v = rng()
    const r = Math.sqrt(-2 * Math.log(u))
    out.push(mu + r * Math.cos(2 * Math.PI * v))
    if (i + 1 < n) out.push(mu + r * Math.sin(2 * Math.PI * v))
  }
  return out
}

describe('VERSION', () => {
  it('is the version in package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)
  })
})

describe('numbersEntry and the quantile grid', () => {
  it('stores the sorted values up to MAX_STORED_VALUES, a grid of 1001 quantiles beyond', () => {
    const small = numbersEntry([3, 1, 2])
    expect(small.values).toEqual([1, 2, 3])
    expect(small.summary).toMatchObject({ min: 1, max: 3, median: 2, mean: 2 })
    const big = numbersEntry(normals('big', MAX_STORED_VALUES + 1))
    expect(big.values).toBeUndefined()
    expect(big.quantiles).toHaveLength(1001)
    expect(compactKsError(big)).toBe(1 / 2000)
  })
  it('bounds the statistic within 1/(2K) of the exact one, ties included', () => {
    for (const [seed, discrete] of [
      ['a', false],
      ['b', true],
      ['c', false],
    ] as const) {
      const ys = normals(`y${seed}`, 5000).map((v) => (discrete ? Math.round(v * 2) : v))
      const xs = normals(`x${seed}`, 700, 0.1).map((v) => (discrete ? Math.round(v * 2) : v))
      const exact = ks2Sample(xs, ys).statistic
      const entry = numbersEntry(ys)
      expect(entry.quantiles).toBeDefined()
      const c = compareNumbers(xs, entry, rates)
      expect(Math.abs(c.statistic - exact)).toBeLessThanOrEqual(compactKsError(entry) + 1e-12)
    }
  })
  it('grid points are order statistics y_(ceil(j m / K))', () => {
    const sorted = Array.from({ length: 10 }, (_, i) => i + 1)
    expect(quantileGrid(sorted, 4)).toEqual([1, 3, 5, 8, 10])
  })
})

describe('compareNumbers', () => {
  it('passes the same distribution at sizes that detect the tolerance, with another seed', () => {
    const entry = numbersEntry(normals('rec', 2100))
    const c = compareNumbers(normals('new', 2100), entry, rates)
    expect(c.decision.outcome).toBe('pass')
    expect(c.detectable).toBeLessThanOrEqual(0.1)
  })
  it('fails a shifted distribution', () => {
    const entry = numbersEntry(normals('rec', 2100))
    const c = compareNumbers(normals('new', 2100, 0.4), entry, rates)
    expect(c.decision.outcome).toBe('fail')
    expect(c.pValue).toBeLessThan(0.001)
  })
  it('is inconclusive, saying the baseline is too small, when no n can detect the tolerance', () => {
    const entry = numbersEntry(normals('rec', 300))
    const c = compareNumbers(normals('new', 5000), entry, rates)
    expect(c.decision.outcome).toBe('inconclusive')
    expect(c.baselineTooSmall).toBe(true)
    expect(c.decision.samplesNeeded).toBeUndefined()
    expect(c.baselineNeeded).toBeGreaterThan(2000)
  })
  it('from a grid: passes the same distribution, fails a shift', () => {
    const entry = numbersEntry(normals('rec', 20_000))
    expect(compareNumbers(normals('new', 3000), entry, rates).decision.outcome).toBe('pass')
    expect(compareNumbers(normals('new', 3000, 0.3), entry, rates).decision.outcome).toBe('fail')
  })
})

describe('compareLabels', () => {
  const counts = (a: number, b: number) =>
    new Map([
      ['a', a],
      ['b', b],
    ])
  it('passes equal shares at enough labels, fails different ones, inconclusive when few', () => {
    const entry = labelsEntry(counts(600, 1400))
    expect(compareLabels(counts(610, 1390), entry, rates).decision.outcome).toBe('pass')
    expect(compareLabels(counts(900, 1100), entry, rates).decision.outcome).toBe('fail')
    const few = compareLabels(counts(30, 70), entry, rates)
    expect(few.decision.outcome).toBe('inconclusive')
    expect(few.decision.samplesNeeded).toBeGreaterThan(100)
  })
  it('says how many labels a comparison needs', () => {
    const entry = labelsEntry(counts(750, 750))
    const n = samplesForLabelsBaseline(entry, rates) as number
    expect(
      compareLabels(counts(Math.round(n / 2), n - Math.round(n / 2)), entry, rates).decision.outcome,
    ).toBe('pass')
    expect(
      compareLabels(counts(Math.round((n - 2) / 2), n - 2 - Math.round((n - 2) / 2)), entry, rates).decision
        .outcome,
    ).toBe('inconclusive')
    expect(samplesForLabelsBaseline(labelsEntry(counts(100, 100)), rates)).toBeUndefined()
  })
  it('takes categories new to either side, and agrees with the chi-square of the table', () => {
    const entry = labelsEntry(counts(500, 500))
    const c = compareLabels(
      new Map([
        ['a', 480],
        ['b', 480],
        ['c', 40],
      ]),
      entry,
      rates,
    )
    expect(c.categories.map((k) => k.label)).toEqual(['a', 'b', 'c'])
    expect(c.df).toBe(2)
    expect(c.decision.outcome).toBe('fail')
  })
})

describe('compareMetric', () => {
  it('proportions: a drop fails, no drop passes, small n is inconclusive', () => {
    const base = metricEntry(checkMetricResult('t', 'm', { metric: 'recall', value: 0.9, n: 2000 }))
    const same = compareMetric({ metric: 'recall', value: 0.9, n: 2000 }, base, { ...rates, tolerance: 0.05 })
    expect(same.decision.outcome).toBe('pass')
    const drop = compareMetric({ metric: 'recall', value: 0.85, n: 2000 }, base, {
      ...rates,
      tolerance: 0.05,
    })
    expect(drop.decision.outcome).toBe('fail')
    expect(drop.method).toMatch(/^mover/)
    const few = compareMetric({ metric: 'recall', value: 0.9, n: 20 }, base, { ...rates, tolerance: 0.05 })
    expect(few.decision.outcome).toBe('inconclusive')
    // higher is better: a rise never fails
    expect(
      compareMetric({ metric: 'recall', value: 0.99, n: 2000 }, base, { ...rates, tolerance: 0.05 }).decision
        .outcome,
    ).toBe('pass')
    expect(
      compareMetric({ metric: 'recall', value: 0.99, n: 2000 }, base, {
        ...rates,
        tolerance: 0.05,
        direction: 'both',
      }).decision.outcome,
    ).toBe('fail')
  })
  it('estimates with a standard error: normal interval of the difference', () => {
    const base = metricEntry({ metric: 'auc', value: 0.9, se: 0.005 })
    const r = { ...rates, tolerance: 0.05 }
    expect(compareMetric({ metric: 'auc', value: 0.89, se: 0.005 }, base, r).decision.outcome).toBe('pass')
    expect(compareMetric({ metric: 'auc', value: 0.85, se: 0.005 }, base, r).decision.outcome).toBe('fail')
    // a lower-is-better metric: a rise fails
    const mae = metricEntry({ metric: 'mae', value: 1, se: 0.01 })
    expect(
      compareMetric({ metric: 'mae', value: 1.2, se: 0.01 }, mae, { ...r, direction: 'lower' }).decision
        .outcome,
    ).toBe('fail')
    expect(() => compareMetric({ metric: 'auc', value: 0.9, n: 100 }, base, r)).toThrow(
      /form of the baseline/,
    )
  })
  it('checks metric results', () => {
    expect(() => checkMetricResult('m', 'received', { metric: 'recall', value: 0.333, n: 10 })).toThrow(
      /whole number of examples/,
    )
    expect(() => checkMetricResult('m', 'received', { metric: 'recall', value: 0.5 })).toThrow(/must give n/)
    expect(() => checkMetricResult('m', 'received', { metric: 'recall', value: 1.5, n: 2 })).toThrow(
      /\[0, 1\]/,
    )
    expect(() => checkMetricResult('m', 'received', { value: 0.5, n: 2 })).toThrow(/metric name/)
  })
})

describe('baselineAdequacy', () => {
  it('says how many values a baseline needs', () => {
    const small = baselineAdequacy(numbersEntry(normals('s', 500)), rates)
    expect(small.enough).toBe(false)
    expect(small.needed).toBe(1528)
    expect(baselineAdequacy(numbersEntry(normals('s', 1528)), rates).enough).toBe(true)
    const labels = baselineAdequacy(
      labelsEntry(
        new Map([
          ['a', 100],
          ['b', 100],
        ]),
      ),
      rates,
    )
    expect(labels.enough).toBe(false)
    expect(labels.needed).toBeGreaterThan(1000)
  })
})

describe('baseline files', () => {
  const entryA = { ...numbersEntry([1, 2, 3]), seed: 's', test: 't', version: VERSION }
  const entryB = labelsEntry(
    new Map([
      ['x', 2],
      ['y', 1],
    ]),
  )
  it('live in __baselines__ beside the test file', () => {
    expect(baselinePathFor('/p/test/model.test.ts')).toBe('/p/test/__baselines__/model.test.ts.json')
  })
  it('are stable: sorted names, fixed field order, round trip', () => {
    const a = formatBaselineFile({ entries: { b: entryB, a: entryA } })
    const b = formatBaselineFile({ entries: { a: entryA, b: entryB } })
    expect(a).toBe(b)
    expect(a.indexOf('"a"')).toBeLessThan(a.indexOf('"b"'))
    expect(parseBaselineFile('f.json', a).entries).toEqual({ a: entryA, b: entryB })
    expect(a).toMatchInlineSnapshot(`
      "{
        "probably": { "format": 1 },
        "entries": {
          "a": {
            "kind": "numbers",
            "n": 3,
            "summary": { "mean": 2, "sd": 1, "min": 1, "p05": 1, "p25": 1, "median": 2, "p75": 3, "p95": 3, "max": 3 },
            "values": [
              1, 2, 3
            ],
            "seed": "s",
            "test": "t",
            "version": "0.1.0"
          },
          "b": {
            "kind": "labels",
            "n": 3,
            "counts": {
              "x": 2,
              "y": 1
            }
          }
        }
      }
      "
    `)
  })
  it('corrupt or hand-edited: an error naming the file and the entry, and never overwritten', () => {
    const dir = tmp()
    const file = join(dir, 'x.json')
    writeFileSync(file, '{ not json')
    expect(() => readBaselineFile(file)).toThrow(BaselineFileError)
    expect(() => readBaselineFile(file)).toThrow(/x\.json: is not valid JSON/)
    expect(() => updateBaselineFile(file, { set: { a: entryA } })).toThrow(BaselineFileError)
    expect(readFileSync(file, 'utf8')).toBe('{ not json')
    const good = formatBaselineFile({ entries: { a: entryA, b: entryB } })
    const edits: Array<[string, RegExp]> = [
      [good.replace('1, 2, 3', '1, 2, 4'), /entry "a": has a summary \(min, max\)/],
      [good.replace('1, 2, 3', '1, 2.5, 3'), /entry "a": has a summary mean/],
      [good.replace('"y": 1', '"y": 2'), /entry "b": says n = 3 but its counts add up to 4/],
      [good.replace('"kind": "labels"', '"kind": "label"'), /entry "b": has an unknown kind/],
      [good.replace('1, 2, 3', '3, 2, 1'), /entry "a": has values out of ascending order/],
      [good.replace('"format": 1', '"format": 2'), /has format 2/],
    ]
    for (const [text, message] of edits) {
      writeFileSync(file, text)
      expect(() => readBaselineFile(file)).toThrow(message)
      expect(() => updateBaselineFile(file, { set: { c: entryA } })).toThrow(message)
      expect(readFileSync(file, 'utf8')).toBe(text)
    }
  })
  it('reads back extreme values (no overflow in the checks)', () => {
    for (const xs of [
      [-1.7e308, 1.7e308, 1e308],
      [1e15, -1e15, 1, 3e-7, 12345.678],
    ]) {
      const e = numbersEntry(xs)
      expect(parseBaselineFile('f.json', formatBaselineFile({ entries: { x: e } })).entries.x).toEqual(e)
    }
  })
  it('updates merge under the lock and write atomically (no temporary or lock file left)', () => {
    const dir = tmp()
    const file = join(dir, '__baselines__', 'x.test.ts.json')
    updateBaselineFile(file, { set: { a: entryA } })
    updateBaselineFile(file, { set: { b: entryB } })
    expect(Object.keys(readBaselineFile(file).entries)).toEqual(['a', 'b'])
    updateBaselineFile(file, { remove: ['a'] })
    expect(Object.keys(readBaselineFile(file).entries)).toEqual(['b'])
    expect(readdirSync(join(dir, '__baselines__'))).toEqual(['x.test.ts.json'])
    updateBaselineFile(file, { remove: ['b'] })
    expect(existsSync(file)).toBe(false)
  })
  it('concurrent writers in separate processes lose nothing', { timeout: 60_000 }, async () => {
    const dir = tmp()
    const file = join(dir, 'shared.json')
    // The writers load the built package (npm test builds it before the unit tests).
    const script = join(dir, 'writer.mjs')
    writeFileSync(
      script,
      `import { numbersEntry, updateBaselineFile } from ${JSON.stringify(join(ROOT, 'dist/index.js'))}
const w = process.argv[2]
for (let i = 0; i < 25; i++) updateBaselineFile(${JSON.stringify(file)}, { set: { [w + '-' + i]: numbersEntry([i, i + 1]) } })
`,
    )
    const argv = (w: string) => [script, w]
    const writers = ['w0', 'w1', 'w2', 'w3']
    await Promise.all(
      writers.map(
        (w) =>
          new Promise<void>((done, fail) => {
            const child = spawn(process.execPath, argv(w), { stdio: ['ignore', 'ignore', 'pipe'] })
            let err = ''
            child.stderr.on('data', (d) => {
              err += d
            })
            child.on('close', (code) => (code === 0 ? done() : fail(new Error(err))))
          }),
      ),
    )
    expect(Object.keys(readBaselineFile(file).entries)).toHaveLength(100)
    expect(readdirSync(dir).sort()).toEqual(['shared.json', 'writer.mjs'])
  })
})
