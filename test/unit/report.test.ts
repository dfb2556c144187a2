import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { matchers } from '../../matchers/index'
import { mergeReportFolders, readShardReports, writeReport } from '../../matchers/reporter'
import { InvalidInputError } from '../../src/errors'
import type { AssertionRecord } from '../../src/records'
import { takeRecords } from '../../src/records'
import {
  buildReport,
  cdfSketch,
  ecdfSketch,
  isSuiteReport,
  mergeReports,
  missingShards,
  REPORT_SCHEMA,
  renderReportTable,
  weaknessOf,
} from '../../src/report'
import { type EcdfPair, renderReportHtml } from '../../src/report-html'

const base: AssertionRecord = {
  matcher: 'toBeWithinInterval',
  claim: 'the mean lies within [0.4, 0.6]',
  isNot: false,
  outcome: 'pass',
  passed: true,
  passedInconclusive: false,
  exact: false,
  testPath: '/repo/test/model.test.ts',
  testName: 'model > mean in range',
  seed: 'abc',
  falseFailRate: 1e-4,
  falsePassRate: 0.05,
  rateSource: 'suite-budget',
  budget: { suiteFalseFailRate: 0.01, plannedAssertions: 100, planSource: 'previous-report' },
  tolerance: 0.05,
  n: 2000,
  estimate: 0.502,
  target: { lower: 0.4, upper: 0.6 },
  interval: { lower: 0.48, upper: 0.524 },
  detectable: 0.035,
  detectableText: '0.035 in the mean',
  durationMs: 3.2,
  time: 1,
}

/** A small suite's records: a pass, a fail, a pass by allowInconclusive, a test claim, a .not, an exact check, a KS check with ECDFs. */
function sampleRecords(): AssertionRecord[] {
  const grid = Array.from({ length: 21 }, (_, i) => i / 20)
  return [
    base,
    {
      ...base,
      testName: 'model > drifted mean',
      outcome: 'fail',
      passed: false,
      estimate: 0.71,
      interval: { lower: 0.68, upper: 0.74 },
      testStatus: 'failed',
      time: 2,
    },
    {
      ...base,
      matcher: 'toHaveRecallAbove',
      testPath: '/repo/test/fraud.test.ts',
      testName: 'fraud > recall',
      claim: 'recall ≥ 0.9',
      outcome: 'inconclusive',
      passedInconclusive: true,
      n: 40,
      estimate: 0.95,
      target: { lower: 0.9, upper: Number.POSITIVE_INFINITY },
      interval: { lower: 0.8, upper: 1 },
      detectable: 0.15,
      detectableText: '0.15 in recall',
      samplesNeeded: 1250,
      time: 3,
    },
    {
      ...base,
      matcher: 'toMatchDistribution',
      testName: 'drift > ks',
      claim: 'the values come from the reference distribution',
      target: undefined,
      interval: undefined,
      estimate: 0.04,
      pValue: 0.31,
      detectable: undefined,
      detectableText: 'a KS distance of 0.1',
      samplesDrawn: 1008,
      extra: {
        ecdfs: {
          received: grid.map((x) => [x, Math.min(1, x * 1.1)] as [number, number]),
          reference: grid.map((x) => [x, x] as [number, number]),
        },
      },
      time: 4,
    },
    {
      ...base,
      testName: 'drift > not',
      isNot: true,
      outcome: 'fail',
      passed: true,
      rateSource: 'config',
      time: 5,
    },
    {
      ...base,
      matcher: 'toBeReproducible',
      testName: 'repro',
      exact: true,
      rateSource: 'config',
      target: undefined,
      interval: undefined,
      time: 6,
    },
    { ...base, testName: 'own rate', falseFailRate: 1e-3, rateSource: 'call', time: 7 },
  ]
}

describe('buildReport', () => {
  it('summarises the run, sums the budget spent and finds the weak assertions', () => {
    const report = buildReport(sampleRecords(), { runner: 'vitest', createdAt: '2026-01-01T00:00:00.000Z' })
    expect(report.schema).toBe(REPORT_SCHEMA)
    expect(isSuiteReport(JSON.parse(JSON.stringify(report)))).toBe(true)
    expect(report.summary).toEqual({
      assertions: 7,
      statistical: 6,
      exact: 1,
      passed: 6,
      failed: 1,
      inconclusive: 1,
      passedInconclusive: 1,
      weak: 1,
      dropped: 0,
    })
    // Five positive statistical assertions spend: four at 1e-4 (shares), one at its own 1e-3.
    expect(report.budget.spent).toBeCloseTo(4e-4 + 1e-3, 15)
    expect(report.budget).toMatchObject({
      suiteFalseFailRate: 0.01,
      assertions: 5,
      fromBudget: 4,
      ownRate: 1,
      notAssertions: 1,
      exceeded: false,
      plannedAssertions: 100,
    })
    expect(report.plan).toEqual({ assertions: 5, ownRateAssertions: 1, ownRateSpent: 1e-3 })
    const weak = report.assertions.filter((a) => a.weak)
    expect(weak.map((a) => a.testName)).toEqual(['fraud > recall'])
    expect(weak[0]!.weakness).toBe('would miss a violation of 0.15 in recall (tolerance 0.05)')
  })

  it('says when the sum spent is above the budget', () => {
    const records = Array.from({ length: 150 }, (_, i) => ({ ...base, time: i }))
    const report = buildReport(records)
    expect(report.budget.exceeded).toBe(true)
    expect(renderReportTable(report)).toMatch(/OVER BUDGET.*next run divides by 150/)
  })

  it('rejects what is not a list of records', () => {
    expect(() => buildReport('x' as never)).toThrow(InvalidInputError)
    expect(() => buildReport([{}] as never)).toThrow(/buildReport: records/)
    expect(() => mergeReports([])).toThrow(/mergeReports: reports/)
    expect(() => mergeReports([{ schema: 'other' } as never])).toThrow(InvalidInputError)
  })

  it('weaknessOf: a pass that could detect its tolerance is not weak; an inconclusive pass is', () => {
    expect(weaknessOf(base)).toBeUndefined()
    expect(weaknessOf({ ...base, passedInconclusive: true, outcome: 'inconclusive' })).toMatch(/would miss/)
    expect(weaknessOf({ ...base, passed: false, passedInconclusive: false, outcome: 'fail' })).toBeUndefined()
  })
})

describe('mergeReports', () => {
  it('merges shards into one report, lists them and finds the missing ones', () => {
    const records = sampleRecords()
    const a = buildReport(records.slice(0, 3), { runner: 'jest', shard: { index: 1, count: 3 } })
    const c = buildReport(records.slice(3), { runner: 'jest', shard: { index: 3, count: 3 } })
    const merged = mergeReports([c, a])
    expect(merged.assertions).toHaveLength(records.length)
    expect(merged.shards!.map((s) => s.index)).toEqual([1, 3])
    expect(missingShards(merged)).toEqual([2])
    expect(merged.runner).toBe('jest')
    expect(merged.budget.spent).toBeCloseTo(buildReport(records).budget.spent, 15)
    expect(renderReportTable(merged)).toMatch(/Merged from 2 shards; MISSING shard 2/)
    // A merge of merges keeps the parts.
    const b = buildReport([], { runner: 'jest', shard: { index: 2, count: 3 } })
    expect(missingShards(mergeReports([merged, b]))).toEqual([])
  })
})

describe('renderReportTable', () => {
  it('shows every assertion with its numbers, the budget, the inconclusive passes and the weak ones', () => {
    const text = renderReportTable(buildReport(sampleRecords(), { runner: 'vitest' }), { cwd: '/repo' })
    expect(text).toMatch(
      /^probably: 7 assertions \(6 statistical, 1 exact\): 6 passed, 1 failed, 1 inconclusive/,
    )
    for (const column of [
      'file',
      'test',
      'matcher',
      'n',
      'estimate',
      'interval / p',
      'verdict',
      'detects',
      'drawn',
      'ms',
    ])
      expect(text).toContain(column)
    expect(text).toMatch(
      /test\/model\.test\.ts {2}model > mean in range {2}toBeWithinInterval +2000 +0\.502 {2}\[0\.48, 0\.524\] {2}pass/,
    )
    expect(text).toContain('p = 0.31')
    expect(text).toContain('.not.toBeWithinInterval')
    expect(text).toContain('1008')
    expect(text).toMatch(
      /False-failure budget 0\.01: spent 0\.0014 by 5 statistical assertions; 4 took a share of 1\.0e−4 \(planned for 100 assertions, the count of the previous report\), 1 set their own rate\./,
    )
    expect(text).toMatch(/1 \.not assertion outside the budget/)
    expect(text).toMatch(
      /Passed as inconclusive \(allowInconclusive\), 1:\n {2}test\/fraud\.test\.ts › fraud > recall › toHaveRecallAbove: would miss a violation of 0\.15 in recall \(tolerance 0\.05\); about 1250 samples would decide/,
    )
  })

  it('prints only the summary, the budget and the lists with rows: false', () => {
    const text = renderReportTable(buildReport(sampleRecords()), { rows: false })
    expect(text).not.toContain('interval / p')
    expect(text).toMatch(/False-failure budget/)
    expect(text).toMatch(/Passed as inconclusive/)
  })

  it('without a suite budget, says what was spent and how to cap it', () => {
    const records = sampleRecords().map(({ budget: _b, ...r }) => ({ ...r, rateSource: 'config' as const }))
    expect(renderReportTable(buildReport(records))).toMatch(
      /False-failure rate spent: 0\.0014 by 5 statistical assertions \(no suite budget set: configure\(\{ suiteFalseFailRate \}\) to cap it\)/,
    )
  })
})

describe('report files', () => {
  it('writes report.json and report.html, and a shard into shards/ with report.json the merge of the shards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probably-report-'))
    try {
      const records = sampleRecords()
      const whole = writeReport(dir, buildReport(records, { runner: 'jest' }))
      expect(JSON.parse(readFileSync(whole.json!, 'utf8')).assertions).toHaveLength(records.length)
      expect(readFileSync(whole.html!, 'utf8')).toMatch(/^<!doctype html>/)
      writeReport(dir, buildReport(records.slice(0, 2), { runner: 'jest', shard: { index: 1, count: 2 } }))
      const second = writeReport(
        dir,
        buildReport(records.slice(2), { runner: 'jest', shard: { index: 2, count: 2 } }),
      )
      expect(second.report.assertions).toHaveLength(records.length)
      expect(missingShards(second.report)).toEqual([])
      expect(readShardReports(dir)).toHaveLength(2)
      // Infinite ends survive the round trip through JSON (written null).
      const recall = readShardReports(dir)[1]!.assertions.find((a) => a.matcher === 'toHaveRecallAbove')
      expect(recall!.target!.upper).toBe(Number.POSITIVE_INFINITY)
      // Folders of shards from several CI machines merge into one.
      const other = join(dir, 'other')
      mkdirSync(other)
      const merged = mergeReportFolders([dir, other], join(dir, 'merged'))
      expect(merged.report.assertions).toHaveLength(records.length)
      expect(() => mergeReportFolders([other], join(dir, 'none'))).toThrow(/no reports found/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('ecdfSketch', () => {
  it('keeps at most the points asked, from the first value to the last, on the ECDF', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000)
    const s = ecdfSketch(xs, 32)
    expect(s.length).toBeLessThanOrEqual(33)
    expect(s[0]).toEqual([0, 0.001])
    expect(s.at(-1)).toEqual([999, 1])
    for (const [x, F] of s) expect(F).toBeCloseTo((x + 1) / 1000, 12)
    expect(cdfSketch((x) => x / 1000, [[500, 0.5]])).toEqual([[500, 0.5]])
    expect(ecdfSketch([3, 1, 2], 64)).toEqual([
      [1, 1 / 3],
      [2, 2 / 3],
      [3, 1],
    ])
    expect(() => ecdfSketch([1, 2], 1)).toThrow(/ecdfSketch: points/)
  })
})

describe('a distribution check carries its two distribution functions', () => {
  it('toMatchDistribution (KS) records extra.ecdfs, and the HTML draws them', () => {
    takeRecords()
    const xs = Array.from({ length: 400 }, (_, i) => (i + 0.5) / 400)
    const ctx = { currentTestName: 'ecdf', testPath: '/repo/test/ecdf.test.ts' }
    matchers.toMatchDistribution.call(ctx, xs, { uniform: { min: 0, max: 1 } }, { allowInconclusive: true })
    matchers.toMatchDistribution.call(
      ctx,
      xs,
      xs.map((x) => x * 0.9),
      { allowInconclusive: true },
    )
    const [one, two] = JSON.parse(JSON.stringify(takeRecords())) as AssertionRecord[]
    const e1 = (one!.extra as { ecdfs: EcdfPair }).ecdfs
    expect(e1.received.length).toBeLessThanOrEqual(65)
    expect(e1.received.at(-1)).toEqual([0.99875, 1])
    for (const [x, F] of e1.reference) expect(F).toBeCloseTo(x, 12)
    const e2 = (two!.extra as { ecdfs: EcdfPair }).ecdfs
    expect(e2.reference.at(-1)![0]).toBeCloseTo(0.898875, 12)
    expect(renderReportHtml(buildReport([one!, two!]))).toContain(
      'aria-label="distribution functions: received and reference"',
    )
  })
})

describe('renderReportHtml', () => {
  it('is one static page: every assertion, its picture, the budget, the lists, a sorting script and no downloads', () => {
    const html = renderReportHtml(buildReport(sampleRecords(), { runner: 'vitest' }), { cwd: '/repo' })
    expect(html).not.toMatch(/<(link|script)[^>]+(src|href)=/)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html.match(/<tr class=/g)).toHaveLength(7)
    expect(html).toContain('aria-label="interval [0.48, 0.524] against the claim"')
    expect(html).toContain('aria-label="p-value 0.31 against the false-fail rate"')
    expect(html).toContain('aria-label="distribution functions: received and reference"')
    expect(html).toContain('Passed as inconclusive (1)')
    expect(html).toContain('False-failure budget 0.01: spent 0.0014')
    // Text is escaped.
    const evil = renderReportHtml(buildReport([{ ...base, testName: '<img src=x onerror=alert(1)>' }]))
    expect(evil).not.toContain('<img src=x')
    expect(evil).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})

/** Debian's chromium, if installed (.ci/run installs it). */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))

function chromium(args: string[], profile: string): string {
  return execFileSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
  )
}

describe.skipIf(!CHROMIUM)('the HTML report in headless Chromium', () => {
  it('renders what a person should see: the budget, every row, the pictures, and sorts by a column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probably-html-'))
    try {
      const file = join(dir, 'report.html')
      writeFileSync(
        file,
        renderReportHtml(buildReport(sampleRecords(), { runner: 'vitest' }), { cwd: '/repo' }),
      )
      // The page sorts itself by the column named in the address (#sort=<column>-<asc|desc>), as a click does.
      const dom = chromium(
        ['--virtual-time-budget=2000', '--dump-dom', `file://${file}#sort=n-desc`],
        join(dir, 'p1'),
      )
      expect(dom).toContain('False-failure budget 0.01: spent 0.0014')
      const rows = [...dom.matchAll(/<tr class="(\w+)">\s*<td[^>]*>[^<]*<\/td><td>([^<]*)</g)].map((m) => [
        m[1],
        m[2],
      ])
      expect(rows).toHaveLength(7)
      expect(rows.find((r) => r[1] === 'model &gt; drifted mean')?.[0]).toBe('failed')
      expect(rows.find((r) => r[1] === 'fraud &gt; recall')?.[0]).toBe('weak')
      // Sorted by n, descending: the recall claim with n = 40 is last.
      expect(rows.at(-1)?.[1]).toBe('fraud &gt; recall')
      expect(dom).toMatch(/aria-sort="descending"[^>]*>n</)
      expect((dom.match(/<svg class="pic/g) ?? []).length).toBe(7)
      const png = join(dir, 'report.png')
      chromium(
        ['--window-size=1500,900', '--hide-scrollbars', `--screenshot=${png}`, `file://${file}`],
        join(dir, 'p2'),
      )
      const bytes = readFileSync(png)
      expect(bytes.subarray(1, 4).toString()).toBe('PNG')
      expect(bytes.length).toBeGreaterThan(20_000)
      if (process.env.PROBABLY_KEEP_SCREENSHOT) writeFileSync(process.env.PROBABLY_KEEP_SCREENSHOT, bytes)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
